import { describe, expect, it, vi } from 'vitest';

// The desk's helpers read the store's zone from the page's data.
vi.mock('$app/state', () => ({ page: { data: { timeZone: 'Asia/Shanghai' } } }));

import { BAD_TIME, formatTime, isBadTime, isoTime, isShowableTime, msUntilStoreHour, startOfStoreDay, toStoreLocal } from '$lib/domain/time';
import { countdown, formatCountdown } from '$lib/domain/countdown';
import { customerView, estimateReadyAt, publicReadyAt, readySlipped, type CustomerSource } from '$lib/domain/privacy';
import { dayLong, dayMonth, hm, minutesSince, shopDate, toLocalInput, when, whenParts } from '$lib/components/desk/format';
import { isOverdue } from '$lib/components/desk/orders';
import type { RepairOrderView } from '$lib/live/protocol';

/**
 * A time already stored out of range (a row from before the API refused them, or a migration)
 * never throws from a helper that formats or counts with it: issue 12, item 1.
 */

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 27, 2, 0); // 10:00 in Shanghai
/** Past JavaScript's last Date (8.64e15): `new Date(t)` is Invalid Date, Intl throws RangeError. */
const PAST_JS = 8_700_000_000_000_000;
/** 9999-12-31T23:59:59Z: a Date, but no shop's. */
const YEAR_9999 = 253_402_300_799_000;
const bad = [PAST_JS, -PAST_JS, YEAR_9999, 0, -1, Date.UTC(1999, 11, 31), Date.UTC(2100, 0, 1), NaN, Infinity, -Infinity];

describe('the window of times a screen shows', () => {
	it('takes 2000 to 2099, nothing else', () => {
		expect(isShowableTime(NOW)).toBe(true);
		expect(isShowableTime(Date.UTC(2000, 0, 1))).toBe(true);
		expect(isShowableTime(Date.UTC(2100, 0, 1) - 1)).toBe(true);
		for (const t of bad) expect(isShowableTime(t), String(t)).toBe(false);
		expect(isShowableTime(null)).toBe(false);
		expect(isShowableTime('2026-11-27')).toBe(false);
	});
	it('tells a bad stored time from none', () => {
		expect(isBadTime(null)).toBe(false);
		expect(isBadTime(undefined)).toBe(false);
		expect(isBadTime(NOW)).toBe(false);
		expect(isBadTime(PAST_JS)).toBe(true);
		expect(isBadTime(0)).toBe(true);
	});
	it('formats a good time and gives the placeholder for a bad one, never throwing', () => {
		const f = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });
		expect(() => f.format(PAST_JS)).toThrow(RangeError); // what used to blank the desk
		expect(formatTime(f, NOW)).toBe('10:00');
		for (const t of [...bad, null, undefined]) expect(formatTime(f, t), String(t)).toBe(BAD_TIME);
		expect(isoTime(NOW)).toBe('2026-11-27T02:00:00.000Z');
		for (const t of bad) expect(isoTime(t), String(t)).toBeUndefined();
	});
	it('calendar arithmetic answers NaN or nothing for a bad time instead of throwing', () => {
		for (const t of bad) {
			expect(startOfStoreDay(t, 'Asia/Shanghai'), String(t)).toBeNaN();
			expect(toStoreLocal(t, 'Asia/Shanghai'), String(t)).toBe('');
		}
		// NaN compares false with any day: "is it today?" is simply no.
		expect(startOfStoreDay(PAST_JS, 'Asia/Shanghai') === startOfStoreDay(NOW, 'Asia/Shanghai')).toBe(false);
		expect(startOfStoreDay(NOW, 'Asia/Shanghai')).toBe(Date.parse('2026-11-27T00:00:00+08:00'));
		expect(toStoreLocal(NOW, 'Asia/Shanghai')).toBe('2026-11-27T10:00');
		expect(msUntilStoreHour(NOW, 'Asia/Shanghai', 3)).toBe(17 * 60 * MIN);
	});
});

describe("the desk's formatting helpers", () => {
	it('show good times as before', () => {
		expect(hm(NOW)).toBe('10:00');
		expect(when(NOW + 30 * MIN, NOW)).toBe('10:30');
		expect(whenParts(NOW + 30 * MIN, NOW)).toEqual({ day: '', time: '10:30' });
		expect(toLocalInput(NOW)).toBe('2026-11-27T10:00');
		expect(shopDate(NOW)).toBe('2026-11-27');
		expect(minutesSince(NOW - 5 * MIN, NOW)).toBe(5);
	});
	it('show "—" for a bad time, and minutes since it are unknown', () => {
		for (const t of bad) {
			expect(hm(t), String(t)).toBe(BAD_TIME);
			expect(dayMonth(t)).toBe(BAD_TIME);
			expect(dayLong(t)).toBe(BAD_TIME);
			expect(when(t, NOW)).toBe(BAD_TIME);
			expect(whenParts(t, NOW)).toEqual({ day: '', time: BAD_TIME });
			expect(toLocalInput(t)).toBe('');
			expect(shopDate(t)).toBe('');
			expect(minutesSince(t, NOW)).toBeNull();
		}
	});
	it('never call an order late against a bad promise', () => {
		const order = (promisedAt: number | null) => ({ promisedAt, stage: 'in_progress' }) as RepairOrderView;
		expect(isOverdue(order(NOW - MIN), NOW)).toBe(true);
		for (const t of bad) expect(isOverdue(order(t), NOW), String(t)).toBe(false);
	});
});

describe('countdowns from bad stored times', () => {
	const job = { operations: [{ minutes1: 45, minutes2: 30 }], crewSize: 1, workedMs: 10 * MIN };
	it('a good clock counts as before, and is not marked', () => {
		const c = countdown({ ...job, runningSince: NOW - 5 * MIN }, NOW);
		expect(c).toMatchObject({ remainingMs: 30 * MIN, running: true, deadline: NOW + 30 * MIN, badTime: false });
	});
	it('a clock started at 0, in year 9999, past the last Date or at NaN counts as not started: finite, marked', () => {
		for (const runningSince of bad) {
			const c = countdown({ ...job, runningSince }, NOW);
			expect(c, String(runningSince)).toMatchObject({ remainingMs: 35 * MIN, workedMs: 10 * MIN, running: true, deadline: NOW + 35 * MIN, badTime: true });
			expect(formatCountdown(c.remainingMs)).toBe('35:00');
			expect(isoTime(c.deadline)).toBeDefined();
		}
	});
	it('a worked total that is no figure (NaN, negative, past JavaScript dates) counts as none', () => {
		for (const workedMs of [NaN, Infinity, -5 * MIN, PAST_JS, YEAR_9999]) {
			const c = countdown({ ...job, workedMs, runningSince: null }, NOW);
			expect(c, String(workedMs)).toMatchObject({ remainingMs: 45 * MIN, workedMs: 0, badTime: true, deadline: null });
		}
	});
	it('formats no figure as --:--, never NaN or Infinity', () => {
		for (const ms of [NaN, Infinity, -Infinity]) expect(formatCountdown(ms)).toBe('--:--');
		expect(formatCountdown(-90_000)).toBe('+01:30');
	});
});

describe("the customer's ready time", () => {
	const base: CustomerSource = {
		id: 7,
		plate: '粤B·D12345',
		model: '卡罗拉 Corolla',
		colour: '白',
		stage: 'in_progress',
		stageSince: NOW - 10 * MIN,
		wash: true,
		operations: [{ minutes1: 45, minutes2: 30, nameZh: '保养', nameEn: 'Service', addonId: null }],
		addons: [],
		crewSize: 1,
		workedMs: 0,
		runningSince: NOW - 10 * MIN,
		promisedAt: NOW + 120 * MIN,
		announcedReadyAt: null,
		readyAt: null
	};
	it('a bad confirmed time gives way to a good promise, and the other way round', () => {
		expect(publicReadyAt({ promisedAt: NOW, announcedReadyAt: PAST_JS })).toBe(NOW);
		expect(publicReadyAt({ promisedAt: PAST_JS, announcedReadyAt: NOW })).toBe(NOW);
		expect(publicReadyAt({ promisedAt: NOW, announcedReadyAt: NOW + MIN })).toBe(NOW + MIN);
		expect(publicReadyAt({ promisedAt: null, announcedReadyAt: null })).toBeNull();
	});
	it('a bad time with no good one is passed on, for the screen to mark', () => {
		expect(publicReadyAt({ promisedAt: PAST_JS, announcedReadyAt: null })).toBe(PAST_JS);
		expect(publicReadyAt({ promisedAt: YEAR_9999, announcedReadyAt: 0 })).toBe(0);
		expect(customerView({ ...base, promisedAt: PAST_JS }, { withAddons: false, labourRate: 240 })?.readyAt).toBe(PAST_JS);
	});
	it('estimates stay times when the stage start or the ready time is bad', () => {
		for (const t of bad) {
			expect(estimateReadyAt({ ...base, stage: 'wash', stageSince: t }, NOW), String(t)).toBe(NOW + 20 * MIN);
			expect(estimateReadyAt({ ...base, stage: 'final_qc', stageSince: t }, NOW)).toBe(NOW + 15 * MIN + 20 * MIN);
			expect(estimateReadyAt({ ...base, stage: 'ready', stageSince: t, readyAt: null }, NOW)).toBeNull();
			expect(estimateReadyAt({ ...base, stage: 'ready', stageSince: NOW - MIN, readyAt: t }, NOW)).toBe(NOW - MIN);
			const e = estimateReadyAt({ ...base, runningSince: t }, NOW);
			expect(isShowableTime(e)).toBe(true);
		}
	});
	it('never reports a slip against a bad time', () => {
		for (const t of bad) {
			expect(readySlipped({ ...base, promisedAt: t }, NOW + 999 * MIN), String(t)).toBe(false);
			expect(readySlipped(base, t)).toBe(false);
		}
		expect(readySlipped(base, base.promisedAt! + 30 * MIN)).toBe(true);
	});
});
