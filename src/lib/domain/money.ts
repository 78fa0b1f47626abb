/**
 * Money is kept in fen (CNY/100, integers: no float drift in a sum) and shown in yuan. These are
 * the only conversions: a price typed or imported in yuan, and a sum shown to a person.
 */

/** ¥1,234.50 (whole yuan without decimals: ¥80,000). */
export function yuan(fen: number): string {
	const whole = fen % 100 === 0;
	return `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 })}`;
}

/** "68", "68.5", "1,234.50", "¥98" → fen; null when it is not an amount of money (or has more than 2 decimals). */
export function fenFromYuan(text: string): number | null {
	const clean = text.trim().replace(/^[¥￥]/, '').replace(/,/g, '');
	if (!/^\d{1,9}(\.\d{1,2})?$/.test(clean)) return null;
	const [whole, frac = ''] = clean.split('.');
	return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
