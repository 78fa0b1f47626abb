/** Calendar arithmetic in the store's time zone (the server's own zone is irrelevant). */

/**
 * The window of moments a screen shows as a time. The API refuses anything outside it, but a row
 * written before that (or by a migration) can still hold 0, year 9999 or a number past JavaScript's
 * last Date (8.64e15), on which `Intl.DateTimeFormat` and `toISOString()` throw. Every screen
 * formats through the helpers below, which show such a value as a marked placeholder instead.
 */
export const EARLIEST_SHOWN = Date.UTC(2000, 0, 1);
export const LATEST_SHOWN = Date.UTC(2100, 0, 1);

/** What a screen shows in place of a time it cannot show. */
export const BAD_TIME = '—';

/** A finite epoch (ms) between 2000 and 2100: safe to format, sane to count from. */
export function isShowableTime(at: unknown): at is number {
	return typeof at === 'number' && Number.isFinite(at) && at >= EARLIEST_SHOWN && at < LATEST_SHOWN;
}

/** A stored time that is set (not null) but cannot be shown. */
export const isBadTime = (at: number | null | undefined): boolean => at !== null && at !== undefined && !isShowableTime(at);

/** `format.format(at)`, or the placeholder for a time out of range: never throws. */
export function formatTime(format: Pick<Intl.DateTimeFormat, 'format'>, at: number | null | undefined): string {
	return isShowableTime(at) ? format.format(at) : BAD_TIME;
}

/** ISO 8601 for a data attribute, or undefined for a time out of range (`toISOString()` would throw). */
export function isoTime(at: number | null | undefined): string | undefined {
	return isShowableTime(at) ? new Date(at).toISOString() : undefined;
}

/** Building a formatter costs a hundred times more than using one: one per time zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
	let format = formatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(timeZone, format);
	}
	return format;
}

/**
 * Offsets by zone and quarter hour: a zone's offset only changes on a quarter-hour boundary (every
 * daylight-saving rule and offset in the tz database is a whole number of quarter hours), so one
 * formatToParts serves every moment in that quarter hour — a year of figures reads 20,000
 * timestamps, not 20,000 Intl calls.
 */
const offsets = new Map<string, Map<number, number>>();

function zoneOffsetMs(at: number, timeZone: string): number {
	const quarter = Math.floor(at / 900_000);
	let zone = offsets.get(timeZone);
	if (!zone) offsets.set(timeZone, (zone = new Map()));
	const known = zone.get(quarter);
	if (known !== undefined) return known;
	const offset = measuredOffsetMs(quarter * 900_000, timeZone);
	if (zone.size > 200_000) zone.clear();
	zone.set(quarter, offset);
	return offset;
}

function measuredOffsetMs(at: number, timeZone: string): number {
	const parts = zoneFormatter(timeZone).formatToParts(new Date(at));
	const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return asUtc - Math.floor(at / 1000) * 1000;
}

/** Midnight of the store's day containing `at`, as epoch ms; NaN for a time out of range (it compares false with every day). */
export function startOfStoreDay(at: number, timeZone: string): number {
	if (!isShowableTime(at)) return NaN;
	const offset = zoneOffsetMs(at, timeZone);
	const local = at + offset;
	const midnightLocal = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
	return midnightLocal - zoneOffsetMs(midnightLocal - offset, timeZone);
}

/** Milliseconds from `now` until the next `hour`:00 in the store's time zone (a quiet hour for a reload). */
export function msUntilStoreHour(now: number, timeZone: string, hour: number): number {
	const today = startOfStoreDay(now, timeZone) + hour * 3_600_000;
	if (today > now) return today - now;
	// Tomorrow's midnight: a day and a bit later, then back to its start (daylight-saving safe).
	return startOfStoreDay(now + 30 * 3_600_000, timeZone) + hour * 3_600_000 - now;
}

/** `at` as the store's clock and calendar read it: 'YYYY-MM-DDTHH:mm' (for `<input type="datetime-local">`); '' for a time out of range. */
export function toStoreLocal(at: number, timeZone: string): string {
	if (!isShowableTime(at)) return '';
	return new Date(at + zoneOffsetMs(at, timeZone)).toISOString().slice(0, 16);
}

/** The instant a store-local 'YYYY-MM-DDTHH:mm' (or 'YYYY-MM-DD', at midnight) stands for, or NaN. */
export function fromStoreLocal(local: string, timeZone: string): number {
	if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(local)) return NaN;
	const asUtc = Date.parse(`${local.length === 10 ? `${local}T00:00` : local}:00Z`);
	if (Number.isNaN(asUtc)) return NaN;
	// The zone's offset at that instant: guess with the offset at the reading, then correct once
	// (right on either side of a daylight-saving change).
	const first = asUtc - zoneOffsetMs(asUtc, timeZone);
	return asUtc - zoneOffsetMs(first, timeZone);
}
