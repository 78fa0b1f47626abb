/** Calendar arithmetic in the store's time zone (the server's own zone is irrelevant). */

function zoneOffsetMs(at: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(new Date(at));
	const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return asUtc - Math.floor(at / 1000) * 1000;
}

/** Midnight of the store's day containing `at`, as epoch ms. */
export function startOfStoreDay(at: number, timeZone: string): number {
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
