import { expect, it } from 'vitest';
import { unitLabel } from '$lib/domain/units';

it('says a part’s unit in the screen’s language, and an unknown one as written', () => {
	expect(unitLabel('个', 'en')).toBe('pcs');
	expect(unitLabel('桶', 'en')).toBe('cans');
	expect(unitLabel('升', 'en')).toBe('L');
	expect(unitLabel('个', 'zh-CN')).toBe('个');
	expect(unitLabel('box', 'en')).toBe('box');
});
