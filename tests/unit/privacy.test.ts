import { describe, expect, it } from 'vitest';
import { CHECKS_MS, WASH_MS, customerView, estimateReadyAt, labourEstimate, maskPlate, progressStep, progressSteps, publicReadyAt, queuedAheadMs, readySlipped } from '$lib/domain/privacy';
import { projectAll, projectImage } from '$lib/server/core/projections';
import type { RepairOrderView } from '$lib/live/protocol';
import { stages } from '$lib/domain/repair-order';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 27, 1, 0); // 09:00 in Shanghai

function order(o: Partial<RepairOrderView> = {}): RepairOrderView {
	return {
		id: 7,
		number: 'RO20261127-007',
		plate: '粤B·D12345',
		model: '凯美瑞 Camry',
		colour: '珍珠白',
		kind: 'maintenance',
		stage: 'in_progress',
		stageSince: T0,
		bayId: 1,
		teamId: 1,
		crewSize: 1,
		pauseReason: null,
		reworkCount: 0,
		workedMs: 0,
		runningSince: T0,
		promisedAt: T0 + 120 * MIN,
		checkedInAt: T0 - 30 * MIN,
		wash: true,
		operations: [
			{ code: 'MNT-STD', nameZh: '常规保养', nameEn: 'Routine maintenance', minutes1: 45, minutes2: 30, status: 'active', addonId: null },
			{ code: 'BRK-PAD', nameZh: '更换刹车片', nameEn: 'Brake pads', minutes1: 60, minutes2: 40, status: 'pending', addonId: 3 }
		],
		version: 4,
		overdueAt: null,
		escalatedAt: null,
		mileage: null,
		technicians: [],
		customerTags: [{ id: 1, symbol: '+', colour: 'green', meaningZh: '重要客户', meaningEn: 'Valued customer' }],
		photos: [
			{ id: 11, addonId: null, spot: 'left', caption: '左前门旧划痕', width: 1600, height: 1200, takenBy: '李娜', takenAt: T0 - 29 * MIN },
			{ id: 12, addonId: 3, spot: null, caption: '刹车片 2 mm', width: 1200, height: 1600, takenBy: '王建华', takenAt: T0 }
		],
		customerName: '陈先生',
		customerPhone: '13800000000',
		vin: 'LVGBE40K88G000001',
		concerns: '刹车异响，陈先生下午要用车',
		paymentMethod: 'wechat',
		keepOldParts: false,
		pauseNote: 'waiting on 王师傅',
		cancelReason: null,
		lastQcFailReason: null,
		teamRecommendations: '后轮胎 3 mm',
		teamCheckedBy: '王建华',
		teamCheckedAt: T0,
		pickupAt: null,
		readyAt: null,
		announcedReadyAt: null,
		deliveredAt: null,
		nextServiceDate: null,
		nextServiceMileage: null,
		followUpTime: null,
		followUpOutcome: null,
		addons: [
			{ id: 3, finding: '前刹车片磨损到 2 mm', safety: true, status: 'pending', raisedBy: '李伟', raisedAt: T0, decidedBy: null, decidedVia: null, decidedAt: null }
		],
		partsRequests: [{ id: 1, note: '刹车片 for 陈先生', status: 'open', requestedBy: '李伟', requestedAt: T0, pickerName: null, issuedAt: null, receivedByName: null, short: false, version: 1, lines: [] }],
		...o
	};
}

const PRIVATE = ['重要客户', '王建华', '后轮胎', '陈先生', '13800000000', 'LVGBE40K88G000001', '粤B·D12345', 'D12345', '李伟', '王师傅', 'wechat', '刹车异响', 'RO20261127-007'];

describe('masked plate', () => {
	it('keeps the province, the city letter and the last two characters', () => {
		expect(maskPlate('粤B·D12345')).toBe('粤B·***45');
		expect(maskPlate('京A·12345')).toBe('京A·***45');
		expect(maskPlate('沪C·AD1234F')).toBe('沪C·***4F');
		expect(maskPlate('x')).toBe('***');
	});
});

describe('progress steps', () => {
	it('maps every stage to the five customer steps, wash only where chosen', () => {
		expect(progressSteps(true)).toEqual(['received', 'in_service', 'quality_check', 'wash', 'ready']);
		expect(progressSteps(false)).toEqual(['received', 'in_service', 'quality_check', 'ready']);
		expect(['checked_in', 'waiting_dispatch'].map((s) => progressStep(s as never))).toEqual(['received', 'received']);
		expect(['dispatched', 'in_progress', 'paused', 'team_check'].map((s) => progressStep(s as never))).toEqual(Array(4).fill('in_service'));
		expect(['final_qc', 'advisor_check'].map((s) => progressStep(s as never))).toEqual(['quality_check', 'quality_check']);
		expect(progressStep('wash')).toBe('wash');
		expect(progressStep('ready')).toBe('ready');
		expect(progressStep('cancelled')).toBeNull();
		for (const s of stages) expect(() => progressStep(s)).not.toThrow();
	});
});

describe('expected ready time', () => {
	it('counts down the standard time left, then 15 min checks and 20 min wash', () => {
		const ro = order();
		// 45 min job, 10 min in: 35 left + checks + wash.
		expect(estimateReadyAt(ro, T0 + 10 * MIN)).toBe(T0 + 10 * MIN + 35 * MIN + CHECKS_MS + WASH_MS);
		expect(estimateReadyAt(order({ wash: false }), T0 + 10 * MIN)).toBe(T0 + 45 * MIN + CHECKS_MS);
		// Past the standard time: nothing left to count, checks and wash still ahead.
		expect(estimateReadyAt(ro, T0 + 60 * MIN)).toBe(T0 + 60 * MIN + CHECKS_MS + WASH_MS);
	});
	it('adds the work queued ahead for a car still waiting for a bay', () => {
		const waiting = order({ id: 9, stage: 'waiting_dispatch', runningSince: null, bayId: null, checkedInAt: T0 });
		const earlier = order({ id: 8, stage: 'waiting_dispatch', runningSince: null, bayId: null, checkedInAt: T0 - MIN });
		const inBay = order({ id: 7 }); // 45 min, running since T0
		const ahead = queuedAheadMs([inBay, earlier, waiting], 9, T0, 1);
		expect(ahead).toBe(45 * MIN + 45 * MIN);
		expect(queuedAheadMs([inBay, earlier, waiting], 9, T0, 2)).toBe(45 * MIN);
		expect(estimateReadyAt(waiting, T0, ahead)).toBe(T0 + ahead + 45 * MIN + CHECKS_MS + WASH_MS);
		expect(queuedAheadMs([inBay, earlier, waiting], 7, T0, 1)).toBe(0);
	});
	it('in checks and in the wash, what is left of those', () => {
		expect(estimateReadyAt(order({ stage: 'final_qc', stageSince: T0 }), T0 + 5 * MIN)).toBe(T0 + 15 * MIN + WASH_MS);
		expect(estimateReadyAt(order({ stage: 'wash', stageSince: T0 }), T0 + 5 * MIN)).toBe(T0 + 20 * MIN);
		expect(estimateReadyAt(order({ stage: 'ready', readyAt: T0 }), T0 + 99 * MIN)).toBe(T0);
	});
	it('public screens show the promise until the advisor confirms a later time', () => {
		const ro = order();
		expect(publicReadyAt(ro)).toBe(ro.promisedAt);
		const late = T0 + 200 * MIN;
		expect(readySlipped(ro, late)).toBe(true);
		expect(readySlipped(ro, ro.promisedAt! + 4 * MIN)).toBe(false);
		const confirmed = order({ announcedReadyAt: late });
		expect(publicReadyAt(confirmed)).toBe(late);
		expect(readySlipped(confirmed, late)).toBe(false);
		expect(readySlipped(order({ stage: 'ready' }), late)).toBe(false);
		expect(readySlipped(order({ promisedAt: null }), late)).toBe(false);
	});
});

describe('customer view', () => {
	it('copies only what a customer may see', () => {
		const v = customerView(order(), { withAddons: false, labourRate: 240 })!;
		expect(Object.keys(v).sort()).toEqual(['colour', 'delivered', 'id', 'model', 'plate', 'ready', 'readyAt', 'step', 'wash']);
		expect(v).toMatchObject({ id: 7, plate: '粤B·***45', step: 'in_service', wash: true, readyAt: T0 + 120 * MIN, ready: false, delivered: false });
		const text = JSON.stringify(v);
		for (const secret of PRIVATE) expect(text).not.toContain(secret);
	});
	it('on the customer link, pending add-ons with their operations and a labour estimate', () => {
		const v = customerView(order(), { withAddons: true, labourRate: 240 })!;
		expect(v.addons).toEqual([
			{ id: 3, finding: '前刹车片磨损到 2 mm', safety: true, operations: [{ nameZh: '更换刹车片', nameEn: 'Brake pads' }], labourCny: 240, photos: [{ id: 12, caption: '刹车片 2 mm', spot: null, width: 1200, height: 1600 }] }
		]);
		// The walk-around's photos, with their spot; never who took them or when.
		expect(v.walkaround).toEqual([{ id: 11, caption: '左前门旧划痕', spot: 'left', width: 1600, height: 1200 }]);
		expect(v.declined).toBeUndefined();
		expect(labourEstimate(45, 240)).toBe(180);
		const decided = customerView(order({ addons: [{ ...order().addons[0], status: 'approved' }] }), { withAddons: true, labourRate: 240 })!;
		expect(decided.addons).toEqual([]);
		const text = JSON.stringify(v);
		for (const secret of PRIVATE) expect(text).not.toContain(secret);
	});
	it('once the car is ready, the declined recommendations come back with their photos; the lounge never gets a photo', () => {
		const ready = order({ stage: 'ready', addons: [{ ...order().addons[0], status: 'declined' }] });
		const v = customerView(ready, { withAddons: true, labourRate: 240 })!;
		expect(v.addons).toEqual([]);
		expect(v.declined).toEqual([{ id: 3, finding: '前刹车片磨损到 2 mm', safety: true, photos: [{ id: 12, caption: '刹车片 2 mm', spot: null, width: 1200, height: 1600 }] }]);
		expect(JSON.stringify(v)).not.toMatch(/王建华|李娜|takenBy|takenAt/);
		for (const o of [order(), ready]) {
			const lounge = customerView(o, { withAddons: false, labourRate: 240 })!;
			expect(JSON.stringify(lounge)).not.toMatch(/photo|walkaround|declined|刹车片 2 mm|左前门/);
		}
	});
	it('is null for a cancelled order', () => {
		expect(customerView(order({ stage: 'cancelled' }), { withAddons: false, labourRate: 240 })).toBeNull();
	});
});

describe('lounge and status projections', () => {
	const ctx = { dayStart: T0 - 60 * MIN, labourRate: 240 };
	it('the lounge gets the customer view of cars in the shop, no bays or teams', () => {
		const bay = { id: 1, code: 'M1', nameZh: '机修1', nameEn: 'Mech 1', kind: 'mechanical' as const, inService: true, outOfServiceReason: null, sort: 1, version: 1 };
		const team = { id: 1, code: 'T1', nameZh: '一组', nameEn: 'Team 1', kind: 'mechanical' as const, technicians: [{ id: 1, name: '李伟', nameLatin: 'Li Wei', isLeader: true }] };
		const all = projectAll('lounge', { bay: [bay], team: [team], repairOrder: [order(), order({ id: 8, stage: 'delivered' }), order({ id: 9, stage: 'cancelled' })] }, ctx);
		expect(Object.keys(all)).toEqual(['repairOrder']);
		expect(Object.keys(all.repairOrder)).toEqual(['7']);
		expect(JSON.stringify(all)).not.toMatch(/陈先生|13800000000|LVGBE|D12345|李伟/);
		expect(projectImage('lounge', { kind: 'team', id: 1, value: team }, ctx).value).toBeNull();
		expect(projectImage('lounge', { kind: 'repairOrder', id: 8, value: order({ stage: 'delivered' }) }, ctx).value).toBeNull();
	});
	it("a customer's tags reach the desk only: not the tablets, the walls, the lounge or the customer's link", () => {
		for (const channel of ['tech', 'bays', 'lounge', 'status'] as const) {
			const p = projectImage(channel, { kind: 'repairOrder', id: 7, value: order() }, ctx);
			expect(JSON.stringify(p), channel).not.toContain('重要客户');
		}
		expect(JSON.stringify(projectImage('desk', { kind: 'repairOrder', id: 7, value: order() }, ctx))).toContain('重要客户');
	});
	it('the status channel adds the pending add-ons and keeps a delivered order', () => {
		const p = projectImage('status', { kind: 'repairOrder', id: 7, value: order({ stage: 'delivered', deliveredAt: T0 }) }, ctx);
		expect(p.value).toMatchObject({ id: 7, delivered: true, step: 'ready', addons: [{ id: 3 }] });
		expect(JSON.stringify(p)).not.toMatch(/陈先生|13800000000|LVGBE|D12345|李伟/);
	});
});
