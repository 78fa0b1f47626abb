/**
 * 15:30 (or 15:30:07) in the store's time zone, the same in both languages: one formatter per zone,
 * kept (building one costs a hundred times more than using it), and "—" for a time that cannot be shown.
 */
import { formatTime } from '$lib/domain/time';

const formatters = new Map<string, Intl.DateTimeFormat>();

export function storeClock(at: number | null | undefined, timeZone: string, seconds = false): string {
	const key = `${timeZone}|${seconds}`;
	let format = formatters.get(key);
	if (!format) formatters.set(key, (format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: seconds ? '2-digit' : undefined, hourCycle: 'h23' })));
	return formatTime(format, at);
}
