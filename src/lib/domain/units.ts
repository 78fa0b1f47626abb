/**
 * A part's unit as the DMS writes it (个, 套, 桶 …) in the screen's language: an English screen
 * says "5 pcs", not "5 个". A unit this table does not know is shown as written.
 */
const english: Record<string, string> = {
	个: 'pcs',
	件: 'pcs',
	只: 'pcs',
	根: 'pcs',
	条: 'pcs',
	块: 'pcs',
	片: 'pcs',
	套: 'sets',
	副: 'sets',
	对: 'pairs',
	桶: 'cans',
	瓶: 'bottles',
	罐: 'cans',
	盒: 'boxes',
	升: 'L',
	米: 'm',
	千克: 'kg',
	公斤: 'kg'
};

export function unitLabel(unit: string, locale: string): string {
	return locale === 'en' ? (english[unit] ?? unit) : unit;
}
