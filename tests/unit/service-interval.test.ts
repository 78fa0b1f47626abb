import { describe, expect, it } from 'vitest';
import { suggestNextServiceMileage } from '$lib/domain/service-interval';

describe('next service mileage', () => {
	it('adds the interval and rounds up to a whole thousand', () => {
		expect(suggestNextServiceMileage(42_350)).toBe(48_000);
		expect(suggestNextServiceMileage(45_000)).toBe(50_000);
		expect(suggestNextServiceMileage(0)).toBe(5_000);
		expect(suggestNextServiceMileage(12_001, 10_000)).toBe(23_000);
	});
	it('suggests nothing without a reading', () => {
		expect(suggestNextServiceMileage(null)).toBeNull();
		expect(suggestNextServiceMileage(Number.NaN)).toBeNull();
		expect(suggestNextServiceMileage(-1)).toBeNull();
	});
});
