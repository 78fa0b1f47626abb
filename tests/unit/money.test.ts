import { describe, expect, it } from 'vitest';
import { fenFromYuan, yuan } from '$lib/domain/money';

describe('money', () => {
	it('shows fen as yuan, with decimals only when there are any', () => {
		expect(yuan(8_000_000)).toBe('¥80,000');
		expect(yuan(123450)).toBe('¥1,234.50');
		expect(yuan(5)).toBe('¥0.05');
		expect(yuan(0)).toBe('¥0');
	});
	it('reads a typed or imported price in yuan, exactly', () => {
		expect(fenFromYuan('68')).toBe(6800);
		expect(fenFromYuan('68.5')).toBe(6850);
		expect(fenFromYuan('¥1,234.56')).toBe(123456);
		expect(fenFromYuan('0.1')).toBe(10);
		// 0.1 + 0.2 style drift never happens: 19.99 is 1999 fen.
		expect(fenFromYuan('19.99')).toBe(1999);
		for (const bad of ['', '-5', '1.234', 'abc', '1e3', '12,34.5.6']) expect(fenFromYuan(bad)).toBeNull();
	});
});
