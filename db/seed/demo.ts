import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { execute, type Actor, type CommandContext } from '../../src/lib/server/core/commands';
import { createRepairOrder, transitionRepairOrder } from '../../src/lib/server/features/repair-orders/commands';
import { standardMinutes } from '../../src/lib/domain/standard-time';
import { hashPin } from '../../src/lib/server/features/access/secrets';
import type { GroupRole, Role } from '../../src/lib/domain/permissions';
import {
	demoBays,
	demoCustomers,
	demoRepairOrders,
	demoStandardTimes,
	demoStore,
	demoTeams,
	demoTechnicians,
	type DemoRepairOrder
} from './demo-data';
import { loadPartsRoom } from './parts';
import { loadDemoPartsActivity } from './demo-parts';
import { loadDemoEquipment } from './demo-equipment';
import { demoParts, demoZones } from './parts-data';
import { generateHistory } from './history';
import { loadDemoCare } from './demo-care';
import { addDays, storeDay, storeTime } from '../../src/lib/domain/special-orders';

const MIN = 60_000;
/** A person of the demo shop acting through the demo's loader (the workshop's hands: no session of their own). */
const named = (name: string): Actor => ({ kind: 'system', id: 'demo', name });

type Step = { at: number; order: number; action: Record<string, unknown> | 'create' };

/** The actions that take an order to its target stage, with the times they happened. */
function plan(ro: DemoRepairOrder, index: number, now: number, standard: number, endBy?: number, short = 1): Step[] {
	const worked = workedMinutes(ro, standard) * MIN;
	const order = ['checked_in', 'waiting_dispatch', 'dispatched', 'in_progress', 'paused', 'team_check', 'final_qc', 'wash', 'ready', 'delivered'];
	const reach = order.indexOf(ro.target);
	const past = (stage: string) => reach >= order.indexOf(stage);
	// When the work ended (or now, while it runs), counted back from now.
	// Accident cars delivered yesterday wait in the advisors' follow-up queue.
	const deliveredYesterday = ro.target === 'delivered' && ro.kind === 'accident';
	const tail = deliveredYesterday ? 27 * 60 : ({ paused: 15, team_check: 10, final_qc: 20, wash: 25, ready: 35, delivered: 50 }[ro.target as string] ?? 0);
	const workEnd = Math.min(now - tail * MIN, endBy ?? Infinity);
	const workStart = workEnd - worked;
	// Early in the day the morning's arrivals come closer together (today's, not the cars from days before).
	const arrivedAgo = now - (ro.arrivedMinutesAgo < 600 ? ro.arrivedMinutesAgo * short : ro.arrivedMinutesAgo) * MIN;
	const arrived = past('dispatched') ? Math.min(arrivedAgo, workStart - 20 * MIN) : arrivedAgo;
	const steps: [number, Record<string, unknown> | 'create'][] = [[arrived, 'create']];
	if (past('waiting_dispatch')) steps.push([arrived + 5 * MIN, { action: 'submit' }]);
	if (past('dispatched')) {
		steps.push([ro.target === 'dispatched' ? now - 10 * MIN : workStart - 8 * MIN, { action: 'dispatch', bay: ro.bay, team: ro.team, crewSize: ro.crewSize ?? 1 }]);
	}
	if (past('in_progress')) {
		steps.push([workStart, { action: 'start' }]);
		if (ro.rework) {
			const failAt = workStart + worked * 0.6;
			steps.push([failAt - 8 * MIN, { action: 'finish' }]);
			steps.push([failAt - 5 * MIN, { action: 'team_check_pass' }]);
			steps.push([failAt, { action: 'qc_fail', reason: '复检未通过：异响仍在 / noise still present' }]);
		}
	}
	if (ro.target === 'paused') steps.push([workEnd, { action: 'pause', reason: ro.pauseReason ?? 'parts', note: ro.pauseNote }]);
	if (past('team_check') && ro.target !== 'paused') steps.push([workEnd, { action: 'finish' }]);
	if (past('final_qc') && ro.target !== 'paused' && ro.target !== 'team_check') steps.push([workEnd + 5 * MIN, { action: 'team_check_pass' }]);
	if (past('wash') && !['paused', 'team_check', 'final_qc'].includes(ro.target)) {
		steps.push([workEnd + 15 * MIN, { action: 'qc_pass' }]);
		if (ro.kind === 'accident') steps.push([workEnd + 20 * MIN, { action: 'advisor_check_pass' }]);
		if (ro.wash && past('ready')) steps.push([workEnd + 25 * MIN, { action: 'wash_done' }]);
	}
	if (ro.target === 'delivered') {
		steps.push([workEnd + 40 * MIN, { action: 'deliver', nextServiceMileage: 10_000 * (2 + (index % 5)), followUpTime: '18:00-20:00' }]);
	}
	// Keep each order's steps in order and in the past, whatever the data says.
	let last = -Infinity;
	const out: Step[] = [];
	steps.forEach(([at, action], i) => {
		const latest = now - (steps.length - i) * 20_000;
		const t = Math.min(Math.max(at, last + 20_000), latest);
		last = t;
		out.push({ at: t, order: index, action });
	});
	return out;
}

function workedMinutes(ro: DemoRepairOrder, standard: number): number {
	return ro.workedMinutes ?? Math.round(standard * 0.9);
}

const holding = ['dispatched', 'in_progress', 'paused', 'team_check'];

/**
 * Orders that have left their bay must have worked there before today's occupant came in:
 * for each bay, the latest time each earlier order's work may end, counted back from now.
 */
function bayChains(now: number, standards: number[], gapMinutes = 60): Map<number, number> {
	const endBy = new Map<number, number>();
	const byBay = new Map<string, number[]>();
	demoRepairOrders.forEach((ro, i) => {
		if (!ro.bay || ['checked_in', 'waiting_dispatch'].includes(ro.target)) return;
		byBay.set(ro.bay, [...(byBay.get(ro.bay) ?? []), i]);
	});
	const progress = ['delivered', 'ready', 'wash', 'final_qc', 'team_check', 'paused', 'in_progress', 'dispatched'];
	for (const orders of byBay.values()) {
		// Latest occupant first, then back in time.
		orders.sort((a, b) => progress.indexOf(demoRepairOrders[b].target) - progress.indexOf(demoRepairOrders[a].target));
		let freeBefore = now;
		for (const i of orders) {
			const ro = demoRepairOrders[i];
			const isHolding = holding.includes(ro.target);
			if (!isHolding) endBy.set(i, freeBefore - 10 * MIN);
			const end = isHolding ? now : freeBefore - 10 * MIN;
			freeBefore = end - workedMinutes(ro, standards[i]) * MIN - gapMinutes * MIN;
		}
	}
	return endBy;
}

type Hours = { timeZone: string; opensAt: string; closesAt: string };

/**
 * Moves each store day's steps into that day's opening hours, in order and no later than `at`: a
 * span that fits keeps its length (shifted in), a longer one is squeezed to the hours. Nobody
 * works on a car at five in the morning because the demo was started at eleven.
 */
function withinOpeningHours(steps: Step[], at: number, hours: Hours): void {
	const byDay = new Map<string, Step[]>();
	for (const s of steps) {
		const day = storeDay(s.at, hours.timeZone);
		const list = byDay.get(day);
		if (list) list.push(s);
		else byDay.set(day, [s]);
	}
	for (const [day, list] of byDay) {
		const open = storeTime(day, hours.opensAt, hours.timeZone) + 5 * MIN;
		const close = Math.max(open, Math.min(storeTime(day, hours.closesAt, hours.timeZone) - 5 * MIN, at));
		const lo = Math.min(...list.map((s) => s.at));
		const hi = Math.max(...list.map((s) => s.at));
		if (lo >= open && hi <= close) continue;
		const length = Math.min(hi - lo, close - open);
		const from = Math.min(Math.max(lo, open), close - length);
		for (const s of list) s.at = hi === lo ? from : Math.round(from + ((s.at - lo) * length) / (hi - lo));
	}
}

/** A promised time in opening hours: one after closing or before opening becomes an hour after the (next) opening. */
function inHours(t: number, hours: Hours): number {
	const day = storeDay(t, hours.timeZone);
	const opens = storeTime(day, hours.opensAt, hours.timeZone);
	if (t < opens) return opens + 60 * MIN;
	if (t > storeTime(day, hours.closesAt, hours.timeZone)) return storeTime(addDays(day), hours.opensAt, hours.timeZone) + 60 * MIN;
	return t;
}

/** One person per role, with the PINs the README lists. Technicians sign in as themselves. */
export const demoStaff: { name: string; nameLatin: string; role: Role; pin: string }[] = [
	{ name: '李娜', nameLatin: 'Li Na', role: 'service_advisor', pin: '1111' },
	{ name: '赵强', nameLatin: 'Zhao Qiang', role: 'dispatcher', pin: '2222' },
	{ name: '孙磊', nameLatin: 'Sun Lei', role: 'qc_inspector', pin: '5555' },
	{ name: '周敏', nameLatin: 'Zhou Min', role: 'parts', pin: '6666' },
	{ name: '吴婷', nameLatin: 'Wu Ting', role: 'booking', pin: '7777' },
	{ name: '郑伟', nameLatin: 'Zheng Wei', role: 'manager', pin: '8888' },
	{ name: '陈静', nameLatin: 'Chen Jing', role: 'admin', pin: '9999' }
];
/** More advisors at the desk (a store of this size has several): on the sign-in screen with the advisors' PIN. */
export const demoMoreAdvisors: { name: string; nameLatin: string; role: Role; pin: string }[] = [
	{ name: '王芳', nameLatin: 'Wang Fang', role: 'service_advisor', pin: '1111' },
	{ name: '刘洋', nameLatin: 'Liu Yang', role: 'service_advisor', pin: '1111' }
];
/**
 * A dealer group's demo (PITWALL_DEMO_STORES=2): a second store of the same make, and the group's
 * people: a group manager who enters both stores, and the group's IT admin (every store).
 */
export const demoSecondStore: { code: string; nameZh: string; nameEn: string } = { code: 'sz-nanshan', nameZh: '广汽丰田南山店', nameEn: 'GAC Toyota Nanshan' };
export const demoGroupPeople: { name: string; nameLatin: string; role: GroupRole; pin: string }[] = [
	{ name: '黄总', nameLatin: 'Huang Zong', role: 'group_manager', pin: '8080' },
	{ name: '集团IT 高工', nameLatin: 'Gao Gong (group IT)', role: 'group_admin', pin: '9090' }
];
export const demoTechnicianPin = '3333';
export const demoTeamLeaderPin = '4444';

/**
 * The demo's PINs are printed for anyone to try, so their hashes may be shared: each is stretched
 * once per process (a test run loads the demo hundreds of times; scrypt is made to be slow).
 */
const demoPinHashes = new Map<string, Promise<string>>();

async function loadDemoAccess(db: Kysely<Database>, storeId: number, now: number): Promise<void> {
	const hashed = (pin: string) => {
		if (!demoPinHashes.has(pin)) demoPinHashes.set(pin, hashPin(pin));
		return demoPinHashes.get(pin)!;
	};
	for (const s of demoStaff) {
		await db
			.insertInto('users')
			.values({ store_id: storeId, name: s.name, name_latin: s.nameLatin, role: s.role, pin_hash: await hashed(s.pin), created_at: now })
			.execute();
	}
	const techs = await db.selectFrom('technicians').select(['id', 'team_id', 'name', 'name_latin', 'is_leader']).where('store_id', '=', storeId).orderBy('id').execute();
	for (const t of techs) {
		await db
			.insertInto('users')
			.values({
				store_id: storeId,
				name: t.name,
				name_latin: t.name_latin,
				role: t.is_leader ? 'team_leader' : 'technician',
				team_id: t.team_id,
				technician_id: t.id,
				pin_hash: await hashed(t.is_leader ? demoTeamLeaderPin : demoTechnicianPin),
				created_at: now
			})
			.execute();
	}
	// After the technicians: the people the tests and the README know keep their ids.
	for (const s of demoMoreAdvisors) {
		await db
			.insertInto('users')
			.values({ store_id: storeId, name: s.name, name_latin: s.nameLatin, role: s.role, pin_hash: await hashed(s.pin), created_at: now })
			.execute();
	}
	// Pre-paired wall screens: their keys are derived at start-up (see demoDisplayLinks).
	await db.insertInto('displays').values({ store_id: storeId, name: '车间电视（北）Workshop TV north', board: 'bays', language: 'zh-CN', created_at: now }).execute();
	await db.insertInto('displays').values({ store_id: storeId, name: '客户休息区电视 Lounge TV', board: 'lounge', language: 'both', created_at: now }).execute();
	await db.insertInto('displays').values({ store_id: storeId, name: '备件看板 Parts board', board: 'parts', language: 'zh-CN', created_at: now }).execute();
	await db.insertInto('displays').values({ store_id: storeId, name: '经营看板 KPI wall', board: 'kpi', language: 'zh-CN', created_at: now }).execute();
}

/** Days of history the demo loads before today (PITWALL_HISTORY_DAYS; 0 for none). */
export const demoHistoryDays = (): number => {
	const n = Number(process.env.PITWALL_HISTORY_DAYS ?? 90);
	return Number.isInteger(n) && n >= 0 ? n : 90;
};

/**
 * Loads the demo shop into an empty database, the day's orders through the real commands, after
 * `historyDays` (default 90) days of closed history made through the same rules (db/seed/history.ts).
 */
export async function loadDemoShop(
	db: Kysely<Database>,
	{ now, historyDays = demoHistoryDays(), shop = demoStore }: { now: number; historyDays?: number; shop?: { code: string; nameZh: string; nameEn: string } }
): Promise<number> {
	const { id: storeId } = await db
		.insertInto('stores')
		.values({ code: shop.code, name_zh: shop.nameZh, name_en: shop.nameEn, created_at: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('bays')
		.values(
			demoBays.map((b, sort) => ({
				store_id: storeId,
				code: b.code,
				name_zh: b.nameZh,
				name_en: b.nameEn,
				kind: b.kind,
				in_service: b.inService ? 1 : 0,
				out_of_service_reason: b.inService ? null : (b.outOfServiceReason ?? null),
				sort
			}))
		)
		.execute();
	const teams = await db
		.insertInto('teams')
		.values(demoTeams.map((t) => ({ store_id: storeId, code: t.code, name_zh: t.nameZh, name_en: t.nameEn, kind: t.kind })))
		.returning(['id', 'code'])
		.execute();
	const teamId = new Map(teams.map((t) => [t.code, t.id]));
	await db
		.insertInto('technicians')
		.values(
			demoTechnicians.map((t) => ({
				store_id: storeId,
				team_id: teamId.get(t.teamCode)!,
				name: t.name,
				name_latin: t.nameLatin,
				is_leader: t.isLeader ? 1 : 0
			}))
		)
		.execute();
	await db
		.insertInto('standard_times')
		.values(
			demoStandardTimes.map((s) => ({
				store_id: storeId,
				code: s.code,
				name_zh: s.nameZh,
				name_en: s.nameEn,
				category: s.category,
				minutes_1: s.minutes1,
				minutes_2: s.minutes2
			}))
		)
		.execute();
	await loadDemoAccess(db, storeId, now);
	await loadPartsRoom(db, storeId, now, { zones: demoZones, parts: demoParts(), history: true });
	for (const c of demoCustomers) {
		const { id } = await db
			.insertInto('customers')
			.values({ store_id: storeId, name: c.name, phone: c.phone, tags: c.tags, created_at: now - 400 * 86_400_000 })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('vehicles')
			.values({ store_id: storeId, customer_id: id, plate: c.vehicle.plate, vin: c.vehicle.vin, model: c.vehicle.model, colour: c.vehicle.colour })
			.execute();
	}

	const catalogue = new Map(demoStandardTimes.map((s) => [s.code, s]));
	const standards = demoRepairOrders.map((ro) =>
		standardMinutes(
			ro.operations.map((o) => (typeof o === 'string' ? catalogue.get(o)! : o)),
			ro.crewSize ?? 1
		)
	);
	// The day as it stands at `at`: now, once the shop has been open an hour and a half (at night: as
	// it closed today); before that as it closed yesterday. Today's own cars come closer together and
	// bays turn round sooner while that makes them fit in the hours, so the work keeps its length;
	// what still does not fit (a morning) is squeezed in last. The body shop's jobs of several days
	// are moved into each day's hours on their own.
	const store = await db.selectFrom('stores').select(['time_zone', 'opens_at', 'closes_at']).where('id', '=', storeId).executeTakeFirstOrThrow();
	const hours = { timeZone: store.time_zone, opensAt: store.opens_at, closesAt: store.closes_at };
	const todays = (s: Step) => demoRepairOrders[s.order].arrivedMinutesAgo < 600;
	const dayAt = (at: number) => {
		const day = storeDay(at, hours.timeZone);
		const dayStart = storeTime(day, '00:00', hours.timeZone);
		const opens = storeTime(day, hours.opensAt, hours.timeZone) + 5 * MIN;
		const planned = (short: number) => {
			const endBy = bayChains(at, standards, Math.max(30, 60 * short));
			return demoRepairOrders.flatMap((ro, i) => plan(ro, i, at, standards[i], endBy.get(i), short));
		};
		const early = (steps: Step[]) => steps.some((s) => todays(s) && s.at >= dayStart && s.at < opens);
		let short = 1;
		let steps = planned(short);
		while (short > 0.3 && early(steps)) steps = planned((short *= 0.9));
		return { steps };
	};
	const today = storeDay(now, hours.timeZone);
	const yesterday = storeTime(addDays(today, -1), hours.closesAt, hours.timeZone) - 30 * MIN;
	let at = Math.min(now, storeTime(today, hours.closesAt, hours.timeZone) - 10 * MIN);
	if (at < storeTime(today, hours.opensAt, hours.timeZone) + 90 * MIN) at = yesterday;
	const { steps } = dayAt(at);
	withinOpeningHours(steps.filter(todays), at, hours);
	// The body shop's jobs of several days: each day's moves in that day's hours too.
	withinOpeningHours(steps.filter((s) => !todays(s)), at, hours);
	// Squeezing a short day scales the plan's minutes: whole milliseconds again, as every instant is.
	for (const s of steps) s.at = Math.round(s.at);
	steps.sort((a, b) => a.at - b.at || a.order - b.order);

	// Who did what, by name: the order's advisor (the desk's people in turn), the dispatcher, the
	// team's technician and leader, the inspector.
	const people = await db.selectFrom('users').select(['id', 'name', 'role']).where('store_id', '=', storeId).where('active', '=', 1).orderBy('id').execute();
	const advisors: Actor[] = people.filter((p) => p.role === 'service_advisor').map((p) => named(p.name));
	const nameOf = (role: Role, fallback: string) => people.find((p) => p.role === role)?.name ?? fallback;
	const dispatcher = named(nameOf('dispatcher', '调度'));
	const inspector = named(nameOf('qc_inspector', '质检'));
	const hands = (team: string | undefined, leader: boolean) => named(demoTechnicians.find((t) => t.teamCode === team && t.isLeader === leader)?.name ?? dispatcher.name);
	const actorOf = (step: Step): Actor => {
		const ro = demoRepairOrders[step.order];
		const advisor = advisors[step.order % advisors.length] ?? named('前台');
		const action = step.action === 'create' ? 'create' : String(step.action.action);
		if (action === 'dispatch') return dispatcher;
		if (['start', 'pause', 'resume', 'finish'].includes(action)) return hands(ro.team, false);
		if (action === 'team_check_pass') return hands(ro.team, true);
		if (action === 'qc_pass' || action === 'qc_fail') return inspector;
		return advisor;
	};
	// Promised at check-in: at least three quarters of an hour on, in opening hours.
	// A car delivered today was promised for a little after it left (one in four was late, a little);
	// the others as the demo says, in opening hours.
	const handedOver = new Map(steps.flatMap((s) => (s.action !== 'create' && s.action.action === 'deliver' ? [[s.order, s.at] as const] : [])));
	const promise = (order: number, minutes: number) => {
		const left = handedOver.get(order);
		const wanted = left === undefined ? at + minutes * MIN : left + (order % 4 === 3 ? -25 : 20) * MIN;
		return inHours(Math.max(wanted, clock + 45 * MIN), hours);
	};

	let clock = at;
	const ctx: CommandContext = { db, storeId, now: () => clock };
	const ids = new Map<number, { id: number; version: number }>();
	for (const step of steps) {
		clock = step.at;
		const ro = demoRepairOrders[step.order];
		if (step.action === 'create') {
			const c = demoCustomers[ro.customer];
			const { result } = await execute(
				ctx,
				createRepairOrder,
				{
					vehicle: c.vehicle,
					customer: { name: c.name, phone: c.phone },
					kind: ro.kind,
					operations: ro.operations,
					promisedAt: promise(step.order, ro.promisedInMinutes),
					wash: ro.wash,
					keepOldParts: ro.keepOldParts,
					paymentMethod: ro.paymentMethod,
					concerns: ro.concerns
				},
				{ actor: actorOf(step) }
			);
			ids.set(step.order, { id: result.id, version: result.version });
		} else {
			const current = ids.get(step.order)!;
			const { result } = await execute(
				ctx,
				transitionRepairOrder,
				{ id: current.id, expectedVersion: current.version, ...step.action },
				{ actor: actorOf(step) }
			);
			ids.set(step.order, { id: result.id, version: result.version });
		}
	}
	await loadDemoPartsActivity(db, storeId, at);
	await loadDemoEquipment(db, storeId, now);
	// The past days, all closed before the first of the demo's own repair-order events (so today's
	// boards stay as they are); written after them, so the demo's orders keep the first ids.
	if (historyDays > 0) {
		const first = await db.selectFrom('events').select((eb) => eb.fn.min('at').as('at')).where('store_id', '=', storeId).where('subject_kind', '=', 'repairOrder').executeTakeFirst();
		await generateHistory(db, storeId, { days: historyDays, until: Math.min(Number(first?.at ?? now), now), now });
	}
	// Customer care: sale days, lapsed customers, tags and bookings, so every care list has rows.
	await loadDemoCare(db, storeId, now, store.time_zone);
	return storeId;
}

/** The group's people (PITWALL_DEMO_STORES=2), at home in the first store; the group manager also enters the others. */
export async function loadDemoGroup(db: Kysely<Database>, storeIds: number[], now: number): Promise<void> {
	const [home, ...others] = storeIds;
	for (const p of demoGroupPeople) {
		const pinHash = await (demoPinHashes.get(p.pin) ?? hashPin(p.pin));
		const { id } = await db.insertInto('users').values({ store_id: home, name: p.name, name_latin: p.nameLatin, role: p.role, pin_hash: pinHash, created_at: now }).returning('id').executeTakeFirstOrThrow();
		if (p.role === 'group_manager' && others.length) await db.insertInto('user_stores').values(others.map((store_id) => ({ user_id: id, store_id }))).execute();
	}
}
