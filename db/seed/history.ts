/**
 * The history of a busy store (issue 16): days of repair orders, their events, parts issued,
 * special orders and equipment maintenance, made THROUGH THE SAME DOMAIN RULES as the live shop —
 * every order's life is a sequence of actions applied with `transition()`, and the rows and events
 * written are the ones the commands write (src/lib/server/features/repair-orders/commands.ts,
 * parts/picking.ts, parts/special-orders.ts). Only the writing differs: the whole history is
 * planned in memory and written in a few large inserts in one transaction, and each order's facts
 * (`kpi_orders`) are computed once with the same `orderFacts` the projector runs.
 *
 * Every order made here is closed (delivered, followed up or cancelled) before `until` (the start
 * of today by default), so today's boards do not change; numbers (RO…, CK…, DD…) continue each
 * day's count as the commands would.
 */
import { onPostgres } from '../../src/lib/server/db/engine';
import { followExplicitIds, insertJsonRows } from '../../src/lib/server/db/postgres';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { transition, type Action, type RepairOrderState } from '../../src/lib/domain/repair-order';
import { standardMinutes } from '../../src/lib/domain/standard-time';
import { orderFacts, type OrderFacts } from '../../src/lib/domain/kpi-facts';
import { addDays, storeDay, storeTime, weekday } from '../../src/lib/domain/special-orders';
import { slipNumber, slipTotal } from '../../src/lib/domain/picking';
import { startOfStoreDay } from '../../src/lib/domain/time';
import { stepsOf, writeFacts, type OrderEvent } from '../../src/lib/server/features/kpi/repository';
import { seeded } from './parts-data';
import { colour, newPlate, personName, phoneNumber, pick, vehicleModel, weighted, type Rand } from './history-people';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface HistoryOptions {
	/** The first store day ('YYYY-MM-DD') or an instant in it; default: `days` before the day of `until`. */
	from?: string | number;
	days: number;
	/** Repair orders a year (the notes' busy store: 9,000). */
	ordersPerYear?: number;
	seed?: number;
	/** Nothing happens at or after this instant (nor on the store day of `now`). */
	until?: number;
	/** The present (epoch ms; default Date.now()): history ends before its store day starts. */
	now?: number;
}

export interface HistoryResult {
	from: string;
	to: string;
	orders: number;
	events: number;
	slips: number;
	specialOrders: number;
	maintenanceDone: number;
	ms: number;
}

type Kind = 'maintenance' | 'repair' | 'accident';

interface Op {
	id: number;
	code: string;
	name_zh: string;
	name_en: string;
	category: string;
	minutes_1: number;
	minutes_2: number;
}

interface Actor {
	kind: 'user' | 'system';
	id: string | null;
	name: string;
}

interface Ev {
	at: number;
	actor: Actor;
	type: string;
	subjectKind: string;
	subjectId: number;
	data: Record<string, unknown>;
	entities: { kind: string; id: number }[];
}

/** Parts a catalogue operation uses, by part-number group (the demo catalogue's; others just issue nothing for unknown groups). */
const partsForOp: Record<string, [group: string, qty: number][]> = {
	'MNT-STD': [['04152', 1], ['08880', 1], ['90080', 1]],
	'MNT-5K': [['04152', 1], ['08880', 1], ['90080', 1]],
	'MNT-10K': [['04152', 1], ['08880', 1], ['90080', 1], ['87139', 1]],
	'MNT-20K': [['04152', 1], ['08880', 1], ['90080', 1], ['17801', 1], ['87139', 1]],
	'MNT-40K': [['04152', 1], ['08880', 1], ['90080', 1], ['17801', 1], ['87139', 1], ['90919', 4], ['08823', 1]],
	'MNT-OIL': [['04152', 1], ['08880', 1], ['90080', 1]],
	'MNT-AIRF': [['17801', 1]],
	'MNT-CABF': [['87139', 1]],
	'MNT-SPARK': [['90919', 4]],
	'MNT-ATF': [['08886', 4]],
	'MNT-CVT': [['08886', 4]],
	'MNT-COOL': [['08889', 2]],
	'MNT-HYB': [['04152', 1], ['08880', 1]],
	'BRK-PAD-F': [['04465', 1]],
	'BRK-PAD-R': [['04466', 1]],
	'BRK-DISC-F': [['43512', 2]],
	'BRK-FLUID': [['08823', 1]],
	'ELE-BATT': [['28800', 1]],
	'ELE-HEAD': [['81110', 1]],
	'ELE-WIPER': [['85222', 1]],
	'ENG-BELT': [['90916', 1]],
	'SUS-SHOCK-F': [['48510', 2]],
	'BDY-BUMP-FR': [['52119', 1]],
	'BDY-BUMP-R': [['52159', 1]],
	'BDY-FENDER': [['53811', 1]],
	'BDY-HOOD': [['53301', 1]],
	'BDY-DOOR': [['67001', 1]]
};

const repairCategories = ['brakes', 'tyres', 'alignment', 'suspension', 'electrical', 'engine', 'ac', 'inspection'];
const findings = [
	{ zh: '前刹车片磨损至极限', en: 'front pads worn to the limit', cat: 'brakes', safety: true },
	{ zh: '雨刮片老化', en: 'wiper blades perished', cat: 'electrical', safety: false },
	{ zh: '空调滤芯脏堵', en: 'cabin filter clogged', cat: 'maintenance', safety: false },
	{ zh: '蓄电池电压偏低', en: 'battery voltage low', cat: 'electrical', safety: false },
	{ zh: '轮胎偏磨，建议四轮定位', en: 'uneven tyre wear, alignment advised', cat: 'alignment', safety: false },
	{ zh: '发动机皮带有裂纹', en: 'drive belt cracked', cat: 'engine', safety: true },
	{ zh: '节气门积碳', en: 'carbon on the throttle body', cat: 'engine', safety: false }
];
const qcFailReasons = ['复检发现异响未消除 / noise still present', '扭矩复核不合格 / torque check failed', '灯光未复位 / warning light still on', '漆面有流挂 / paint run on the panel'];

/** Weekday weights (Sunday first): Saturday busiest, Sunday quiet. */
const dayWeight = [0.55, 1, 1, 1, 1, 1, 1.25];

/** How long a job really takes against its standard: three in four within it, a few far over. */
function workFactor(rand: Rand): number {
	const x = rand();
	if (x < 0.75) return 0.7 + (x / 0.75) * 0.3;
	if (x < 0.92) return 1 + ((x - 0.75) / 0.17) * 0.15;
	return 1.15 + ((x - 0.92) / 0.08) * 0.45;
}

const between = (rand: Rand, lo: number, hi: number) => lo + rand() * (hi - lo);
const minutes = (rand: Rand, lo: number, hi: number) => Math.round(between(rand, lo, hi) * MIN);

/** Inserts rows in statements of at most ~30,000 bound values (SQLite allows 32,766). */
async function insertMany<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Record<string, unknown>[]): Promise<void> {
	if (rows.length === 0) return;
	const per = Math.max(1, Math.floor(30_000 / Object.keys(rows[0]).length));
	for (let i = 0; i < rows.length; i += per) {
		try {
			// PostgreSQL binds tens of thousands of values slowly: the rows go as one JSON value, read back into the table's row type.
			if (onPostgres()) await insertJsonRows(db, table, rows.slice(i, i + per));
			else await db.insertInto(table).values(rows.slice(i, i + per) as never).execute();
		} catch (e) {
			throw new Error(`history: writing ${String(table)} failed: ${(e as Error).message}`, { cause: e });
		}
	}
}

async function nextId(db: Kysely<Database>, table: keyof Database, column = 'id'): Promise<number> {
	const row = await db
		.selectFrom(table)
		.select((eb) => eb.fn.max(column as never).as('m'))
		.executeTakeFirst();
	return Number((row as { m: number | null } | undefined)?.m ?? 0) + 1;
}

/**
 * Makes `days` store days of history for a store, ending before `until`, and writes it in one
 * transaction. The store's bays, teams, technicians, standard times, users, parts and equipment
 * must already be there (they are read, never changed: stock on hand and machines' usage stay as
 * they are, so the store's present is untouched).
 */
export async function generateHistory(db: Kysely<Database>, storeId: number, options: HistoryOptions): Promise<HistoryResult> {
	const began = performance.now();
	const store = await db.selectFrom('stores').select(['time_zone', 'opens_at', 'closes_at']).where('id', '=', storeId).executeTakeFirstOrThrow();
	const tz = store.time_zone;
	// Never on the day of `now`: today's boards show what closed today.
	const dayStart = startOfStoreDay(options.now ?? Date.now(), tz);
	const until = Math.min(options.until ?? dayStart, dayStart);
	const lastDay = storeDay(until - 1, tz);
	const fromDay =
		options.from === undefined ? addDays(lastDay, -(options.days - 1)) : typeof options.from === 'number' ? storeDay(options.from, tz) : options.from;
	const days = Array.from({ length: options.days }, (_, i) => addDays(fromDay, i)).filter((d) => storeTime(d, '00:00', tz) < until);
	const result: HistoryResult = { from: fromDay, to: days.at(-1) ?? fromDay, orders: 0, events: 0, slips: 0, specialOrders: 0, maintenanceDone: 0, ms: 0 };
	if (days.length === 0) return result;
	const rand = seeded(options.seed ?? 16);
	const perYear = options.ordersPerYear ?? 9000;

	await db.transaction().execute(async (tx) => {
		const [bays, teams, technicians, catalogue, users, parts, bins] = await Promise.all([
			tx.selectFrom('bays').select(['id', 'code', 'kind']).where('store_id', '=', storeId).where('in_service', '=', 1).orderBy('sort').execute(),
			tx.selectFrom('teams').select(['id', 'code', 'kind']).where('store_id', '=', storeId).orderBy('id').execute(),
			tx.selectFrom('technicians').select(['id', 'team_id', 'name', 'is_leader']).where('store_id', '=', storeId).where('active', '=', 1).orderBy('id').execute(),
			tx.selectFrom('standard_times').select(['id', 'code', 'name_zh', 'name_en', 'category', 'minutes_1', 'minutes_2']).where('store_id', '=', storeId).execute(),
			tx.selectFrom('users').select(['id', 'name', 'role', 'team_id', 'technician_id']).where('store_id', '=', storeId).where('active', '=', 1).orderBy('id').execute(),
			tx.selectFrom('parts').select(['id', 'number', 'name_zh', 'name_en', 'price', 'models']).where('store_id', '=', storeId).where('active', '=', 1).orderBy('id').execute(),
			tx.selectFrom('part_bins').select(['id', 'code']).where('store_id', '=', storeId).orderBy('id').execute()
		]);
		if (bays.length === 0 || teams.length === 0 || technicians.length === 0 || catalogue.length === 0) return;

		// --- Who does what (the store's people; a system actor where the store has nobody in a role).
		const history: Actor = { kind: 'system', id: 'history', name: '历史 History' };
		const asActor = (u: { id: number; name: string } | undefined): Actor => (u ? { kind: 'user', id: String(u.id), name: u.name } : history);
		const byRole = (role: string) => users.filter((u) => u.role === role);
		const advisors = byRole('service_advisor').map(asActor);
		const dispatcher = asActor(byRole('dispatcher')[0]);
		const inspector = asActor(byRole('qc_inspector')[0] ?? byRole('manager')[0]);
		const partsClerk = asActor(byRole('parts')[0]);
		const userOfTech = new Map(users.filter((u) => u.technician_id !== null).map((u) => [u.technician_id!, u]));
		const techActor = (techId: number): Actor => asActor(userOfTech.get(techId));
		const leaderOf = new Map<number, Actor>();
		for (const t of technicians) if (t.is_leader && !leaderOf.has(t.team_id)) leaderOf.set(t.team_id, techActor(t.id));
		const advisorList = advisors.length ? advisors : [history];

		// --- The catalogue by kind of work.
		const opsOf = (cats: string[]) => catalogue.filter((o) => cats.includes(o.category)) as Op[];
		const maintenanceOps = opsOf(['maintenance']);
		const repairOps = opsOf(repairCategories).filter((o) => o.code !== 'INS-ACC');
		const bodyOps = opsOf(['body']);
		const paintOps = opsOf(['paint']);
		const anyOps = catalogue.filter((o) => o.category !== 'wash') as Op[];
		const assessment = catalogue.find((o) => o.code === 'INS-ACC') as Op | undefined;
		const partsByGroup = new Map<string, typeof parts>();
		for (const p of parts) {
			const g = p.number.split('-')[0];
			partsByGroup.set(g, [...(partsByGroup.get(g) ?? []), p]);
		}
		const partFor = (group: string, model: string) => {
			const list = partsByGroup.get(group);
			if (!list?.length) return undefined;
			const word = model.split(' ').pop() ?? model;
			return list.find((p) => p.models.includes(word)) ?? list.find((p) => p.models === '' || /通用|all/i.test(p.models)) ?? list[0];
		};

		// --- Bays and teams that work together; each bay and technician is free from some instant.
		const teamKindFor = (bayKind: string) => (bayKind === 'alignment' ? 'mechanical' : bayKind);
		const bayFree = new Map(bays.map((b) => [b.id, 0]));
		const techFree = new Map(technicians.map((t) => [t.id, 0]));
		const membersOf = new Map(teams.map((tm) => [tm.id, technicians.filter((t) => t.team_id === tm.id)]));

		// --- Opening hours as instants.
		const hoursCache = new Map<string, { open: number; close: number }>();
		const hoursOf = (day: string) => {
			let h = hoursCache.get(day);
			if (!h) {
				h = { open: storeTime(day, store.opens_at, tz), close: storeTime(day, store.closes_at, tz) };
				hoursCache.set(day, h);
			}
			return h;
		};
		/** The instant itself when the shop is open then, else the next opening. */
		const whenOpen = (at: number): number => {
			const day = storeDay(at, tz);
			const h = hoursOf(day);
			if (at < h.open) return h.open;
			if (at >= h.close) return hoursOf(addDays(day)).open;
			return at;
		};
		const closeOf = (at: number) => hoursOf(storeDay(at, tz)).close;
		/** When `ms` of working time from `from` runs out, counting only opening hours. */
		const advance = (from: number, ms: number): number => {
			let at = whenOpen(from);
			let left = ms;
			for (;;) {
				const close = closeOf(at);
				if (at + left <= close) return at + left;
				left -= close - at;
				at = whenOpen(close);
			}
		};
		const quarter = 15 * MIN;
		const ceilQuarter = (at: number) => Math.ceil(at / quarter) * quarter;

		// --- Numbering continues each day's count (as the commands number: RO/CK/DD + store day).
		const compact = (day: string) => day.replaceAll('-', '');
		const firstStart = storeTime(days[0], '00:00', tz);
		const existing = await tx.selectFrom('repair_orders').select(['number']).where('store_id', '=', storeId).where('checked_in_at', '>=', firstStart).execute();
		const roCount = new Map<string, number>();
		for (const r of existing) {
			const d = r.number.slice(2, 10);
			roCount.set(d, (roCount.get(d) ?? 0) + 1);
		}
		const slipCount = new Map<string, number>();
		for (const s of await tx.selectFrom('issue_slips').select('number').where('store_id', '=', storeId).where('issued_at', '>=', firstStart).execute()) {
			const d = s.number.slice(2, 10);
			slipCount.set(d, Math.max(slipCount.get(d) ?? 0, Number(s.number.slice(11)) || 0));
		}
		const soCount = new Map<string, number>();
		for (const s of await tx.selectFrom('special_orders').select('number').where('store_id', '=', storeId).where('created_at', '>=', firstStart).execute()) {
			const d = s.number.slice(2, 10);
			soCount.set(d, Math.max(soCount.get(d) ?? 0, Number(s.number.slice(11)) || 0));
		}
		const counter = (m: Map<string, number>, day: string) => {
			const n = (m.get(day) ?? 0) + 1;
			m.set(day, n);
			return n;
		};

		// --- Ids continue the tables' own.
		const ids = {
			order: await nextId(tx, 'repair_orders'),
			customer: await nextId(tx, 'customers'),
			vehicle: await nextId(tx, 'vehicles'),
			addon: await nextId(tx, 'addons'),
			request: await nextId(tx, 'parts_requests'),
			slip: await nextId(tx, 'issue_slips'),
			special: await nextId(tx, 'special_orders')
		};
		const taken = new Set((await tx.selectFrom('vehicles').select('plate').where('store_id', '=', storeId).execute()).map((v) => v.plate));

		// --- What is written.
		const rows = {
			customers: [] as Record<string, unknown>[],
			vehicles: [] as Record<string, unknown>[],
			orders: [] as Record<string, unknown>[],
			operations: [] as Record<string, unknown>[],
			crew: [] as Record<string, unknown>[],
			addons: [] as Record<string, unknown>[],
			requests: [] as Record<string, unknown>[],
			requestLines: [] as Record<string, unknown>[],
			slips: [] as Record<string, unknown>[],
			slipLines: [] as Record<string, unknown>[],
			specials: [] as Record<string, unknown>[],
			specialLines: [] as Record<string, unknown>[],
			specialSteps: [] as Record<string, unknown>[],
			log: [] as Record<string, unknown>[]
		};
		const vehicleRows = new Map<number, Record<string, unknown>>();
		const events: Ev[] = [];
		const facts: OrderFacts[] = [];

		/** Vehicles seen, and when each is free for another visit. */
		const fleet: { id: number; customerId: number; plate: string; model: string; name: string; phone: string; mileage: number; freeAt: number }[] = [];

		/** Orders whose cars come back later (a special-ordered part), planned on from then in time order with the others. */
		const pending: { at: number; rest: () => Planned | null }[] = [];
		function runPending(upTo: number) {
			pending.sort((a, b) => a.at - b.at);
			while (pending.length && pending[0].at <= upTo) {
				const plan = pending.shift()!.rest();
				if (plan) commit(plan);
			}
		}

		const yearDays = 365;
		for (const day of days) {
			const wd = weekday(day);
			const season = 1 + 0.08 * Math.sin((2 * Math.PI * Number(day.slice(5, 7))) / 12);
			const mean = ((perYear / yearDays) * 7 * dayWeight[wd] * season) / dayWeight.reduce((a, b) => a + b, 0);
			const count = Math.max(0, Math.round(mean * (0.85 + rand() * 0.3)));
			const { open, close } = hoursOf(day);
			const arrivals = Array.from({ length: count }, () => {
				// Mornings busiest, a second wave after lunch (most come by appointment, spread over the day).
				const x = rand();
				const span = close - open - HOUR;
				const f = x < 0.4 ? rand() * 0.35 : x < 0.8 ? 0.35 + rand() * 0.35 : rand();
				return Math.round(open + f * span);
			}).sort((a, b) => a - b);

			for (const t0 of arrivals) {
				runPending(t0);
				const plan = planOrder(t0);
				if (plan) commit(plan);
			}
		}
		runPending(Infinity);

		// ---------------------------------------------------------------------------------------
		/** One order's whole life, planned; null when it would not be closed before `until`. */
		function planOrder(t0: number) {
			const k = rand();
			const kind: Kind = k < 0.65 ? 'maintenance' : k < 0.92 ? 'repair' : 'accident';
			// The car: a returning one (free by now) or a new customer.
			let car = rand() < 0.45 && fleet.length > 20 ? fleet[Math.floor(rand() * fleet.length)] : undefined;
			if (car && car.freeAt > t0) car = undefined;
			const isNew = !car;
			const vehicle = car ?? {
				id: 0,
				customerId: 0,
				plate: newPlate(rand, taken),
				model: vehicleModel(rand),
				name: personName(rand),
				phone: phoneNumber(rand),
				mileage: Math.round(between(rand, 3000, 90000)),
				freeAt: 0
			};
			const mileage = vehicle.mileage + (isNew ? 0 : Math.round(between(rand, 3000, 12000)));

			// The work: catalogue operations by kind.
			const chosen: Op[] = [];
			const add = (list: Op[]) => {
				const src = list.length ? list : anyOps;
				const o = pick(rand, src);
				if (!chosen.includes(o)) chosen.push(o);
			};
			if (kind === 'maintenance') {
				add(maintenanceOps);
				if (rand() < 0.15) add(maintenanceOps);
				if (rand() < 0.1) add(repairOps);
			} else if (kind === 'repair') {
				add(repairOps);
				if (rand() < 0.35) add(repairOps);
			} else {
				if (assessment && rand() < 0.6) chosen.push(assessment);
				add(bodyOps);
				if (rand() < 0.4) add(bodyOps);
				add(paintOps);
			}
			// Two technicians on a car: body/paint often, the express service (双人快保) on many routine jobs.
			const crewSize: 1 | 2 = rand() < (kind === 'accident' ? 0.6 : kind === 'maintenance' ? 0.55 : 0.25) ? 2 : 1;
			const wash = rand() < (kind === 'accident' ? 0.7 : kind === 'maintenance' ? 0.55 : 0.4);
			const std = standardMinutes(
				chosen.map((o) => ({ minutes1: o.minutes_1, minutes2: o.minutes_2 })),
				crewSize
			);
			// The promise given at check-in (set once the advisor has seen the workshop's queue, below).
			let promisedAt = ceilQuarter(advance(t0, (std * 1.25 + 40 + (wash ? 30 : 0)) * MIN));

			const advisor = pick(rand, advisorList);
			const acts: { at: number; actor: Actor; action: Action; fields: Record<string, unknown> }[] = [];
			const act = (at: number, actor: Actor, action: Action, fields: Record<string, unknown> = { action: action.action }) => acts.push({ at, actor, action, fields });

			let t = t0 + minutes(rand, 2, 8);
			act(t, advisor, { action: 'submit' });

			// Cancelled before work: the customer changed their mind.
			if (rand() < 0.015) {
				const reason = '客户临时取消 / customer cancelled';
				const at = t + minutes(rand, 5, 40);
				if (at >= until) return null;
				act(at, advisor, { action: 'cancel', reason }, { action: 'cancel', reason });
				return { t0, kind, vehicle, isNew, mileage, chosen, crewSize, wash, promisedAt, advisor, acts, crew: [] as number[], addons: [], parts: [], special: null, endAt: at };
			}

			// A part to order from the maker (special order): the car waits for it before work.
			/** How much later than the maker said a special-ordered part came (the advisor promised by the maker's date). */
			let partLateMs = 0;
			let special: null | { registered: number; steps: { at: number; step: string; actor: Actor; data: Record<string, unknown> }[]; fitted: boolean; lines: { partId: number | null; number: string; name: string; qty: number }[] } = null;
			if (rand() < (kind === 'accident' ? 0.3 : kind === 'repair' ? 0.04 : 0) && t0 < until - 14 * DAY) {
				const registered = t + minutes(rand, 20, 90);
				const reviewed = registered + minutes(rand, 20, 120);
				const ordered = reviewed + minutes(rand, 30, 180);
				const expected = addDays(storeDay(ordered, tz), 1 + Math.floor(rand() * 4));
				const late = rand() < 0.25 ? 1 + Math.floor(rand() * 3) : 0;
				partLateMs = late * DAY;
				const arrived = whenOpen(storeTime(addDays(expected, late), store.opens_at, tz) + minutes(rand, 60, 420));
				const cancelled = rand() < 0.05;
				const bodyPart = chosen.map((o) => partsForOp[o.code]?.[0]).find(Boolean);
				const part = bodyPart ? partFor(bodyPart[0], vehicle.model) : undefined;
				const lines = [part ? { partId: part.id, number: part.number, name: part.name_zh, qty: 1 } : { partId: null, number: '88320-06550', name: '空调压缩机总成 A/C compressor assembly', qty: 1 }];
				const steps: { at: number; step: string; actor: Actor; data: Record<string, unknown> }[] = [
					{ at: registered, step: 'registered', actor: advisor, data: { plate: vehicle.plate, lines: lines.length } },
					{ at: reviewed, step: 'reviewed', actor: partsClerk, data: { action: 'review', from: 'registered', to: 'reviewed' } },
					{
						at: ordered,
						step: 'ordered',
						actor: partsClerk,
						data: { action: 'order', from: 'reviewed', to: 'ordered', supplierRef: `FTMS-PO-${7_000_000 + Math.floor(rand() * 999_999)}`, expectedDate: expected }
					}
				];
				if (cancelled) {
					steps.push({ at: ordered + minutes(rand, 60, 600), step: 'cancelled', actor: advisor, data: { action: 'cancel', from: 'ordered', to: 'cancelled', reason: '客户改用副厂件 / customer chose another part' } });
				} else {
					const bin = bins.length ? pick(rand, bins).code : null;
					const notified = arrived + minutes(rand, 5, 60);
					const informed = notified + minutes(rand, 10, 120);
					const agreed = informed + minutes(rand, 5, 30);
					steps.push(
						{ at: arrived, step: 'arrived', actor: partsClerk, data: { action: 'arrive', from: 'ordered', to: 'arrived', bin, alertAll: false } },
						{ at: notified, step: 'advisor_notified', actor: advisor, data: { action: 'notify_advisor', from: 'arrived', to: 'advisor_notified' } },
						{ at: informed, step: 'customer_informed', actor: advisor, data: { action: 'inform_customer', from: 'advisor_notified', to: 'customer_informed' } },
						{ at: agreed, step: 'visit_agreed', actor: advisor, data: { action: 'agree_visit', from: 'customer_informed', to: 'visit_agreed', visitDate: storeDay(agreed, tz) } }
					);
				}
				special = { registered, steps, fitted: !cancelled, lines };
				t = Math.max(t, steps.at(-1)!.at);
			}

			// A car waiting for a special-ordered part is dispatched when it comes back (planned then, so its
			// bay is not booked from now: the days between belong to other cars).
			const rest = () => {
				// Dispatch: the bay (of the work's kind) free soonest, a team for it, its free technicians.
				const wantKinds = kind === 'accident' ? (chosen.some((o) => o.category === 'body') ? ['body', 'paint'] : ['paint', 'body']) : chosen.some((o) => o.category === 'alignment') ? ['alignment', 'mechanical'] : ['mechanical', 'alignment'];
				let candidates = bays.filter((b) => b.kind === wantKinds[0]);
				if (kind === 'accident') candidates = bays.filter((b) => wantKinds.includes(b.kind));
				if (candidates.length === 0) candidates = bays.filter((b) => wantKinds.includes(b.kind));
				if (candidates.length === 0) candidates = bays;
				const bay = candidates.reduce((best, b) => (bayFree.get(b.id)! < bayFree.get(best.id)! ? b : best), candidates[0]);
				const teamKind = teamKindFor(bay.kind);
				const teamChoices = teams.filter((tm) => tm.kind === teamKind && (membersOf.get(tm.id)?.length ?? 0) > 0);
				const teamList = teamChoices.length ? teamChoices : teams.filter((tm) => (membersOf.get(tm.id)?.length ?? 0) > 0);
				const freeOf = (tm: { id: number }) => {
					const m = [...membersOf.get(tm.id)!].sort((a, b) => techFree.get(a.id)! - techFree.get(b.id)! || a.is_leader - b.is_leader);
					return m.slice(0, crewSize);
				};
				const team = teamList.reduce((best, tm) => (Math.max(...freeOf(tm).map((x) => techFree.get(x.id)!)) < Math.max(...freeOf(best).map((x) => techFree.get(x.id)!)) ? tm : best), teamList[0]);
				const crew = freeOf(team).map((x) => x.id);
				const crewCount = Math.min(crewSize, crew.length) as 1 | 2;
				const stdOfCrew = standardMinutes(
					chosen.map((o) => ({ minutes1: o.minutes_1, minutes2: o.minutes_2 })),
					crewCount
				);
				const dispatchAt = whenOpen(Math.max(t + minutes(rand, 2, 10), bayFree.get(bay.id)!, ...crew.map((id) => techFree.get(id)!)));
				// The promise: the advisor sees when a bay and a crew are free (a special-ordered part by the
				// maker's date), adds the standard time with a margin, the checks, the wash; an accident car
				// by 17:00 of the day that leaves. Overruns, add-ons, waits for parts and rework make it slip.
				{
					const from = whenOpen(dispatchAt - partLateMs) + 12 * MIN;
					if (kind === 'accident') {
						const done = advance(from, (stdOfCrew * 1.2 + 60 + (wash ? 30 : 0)) * MIN);
						const day = storeDay(done, tz);
						promisedAt = storeTime(day, '17:00', tz);
						if (promisedAt < done) promisedAt = storeTime(addDays(day), '17:00', tz);
					} else {
						promisedAt = ceilQuarter(advance(from, (stdOfCrew * 1.3 + 40 + (wash ? 30 : 0)) * MIN));
					}
				}
				act(dispatchAt, dispatcher, { action: 'dispatch', bayId: bay.id, teamId: team.id, crewSize: crewCount }, { action: 'dispatch', bay: bay.code, team: (team as { code: string }).code, crewSize: crewCount });
				const starter = techActor(crew[0]);

				// Parts for the job, asked for at once and issued before work starts.
				const partLines: { partId: number; number: string; nameZh: string; nameEn: string; qty: number; price: number }[] = [];
				for (const o of chosen) {
					for (const [group, qty] of partsForOp[o.code] ?? []) {
						const p = partFor(group, vehicle.model);
						if (!p || partLines.some((l) => l.partId === p.id)) continue;
						partLines.push({ partId: p.id, number: p.number, nameZh: p.name_zh, nameEn: p.name_en, qty, price: p.price });
					}
				}
				const startAt = whenOpen(dispatchAt + minutes(rand, 2, 10));
				const partsPlan = partLines.length ? { requestedAt: dispatchAt + MIN, issuedAt: dispatchAt + MIN + Math.max(MIN, Math.round((startAt - dispatchAt - 2 * MIN) * between(rand, 0.3, 0.9))) } : null;
				act(startAt, starter, { action: 'start' });

				// The work itself, with pauses (parts, the customer's approval of an add-on, the night).
				const workMs = Math.max(5 * MIN, Math.round(std * workFactor(rand) * MIN));
				t = startAt;
				const work = (ms: number) => {
					let left = ms;
					while (left > 0) {
						const close = closeOf(t);
						if (t < close && t + left <= close) {
							t += left;
							left = 0;
						} else {
							const run = Math.max(0, close - t);
							left -= run;
							t += run;
							act(t, starter, { action: 'pause', reason: 'other', note: '收工，明早继续 / end of day' }, { action: 'pause', reason: 'other', note: '收工，明早继续 / end of day' });
							t = whenOpen(t + 1) + minutes(rand, 0, 15);
							act(t, starter, { action: 'resume' });
						}
					}
				};
				const addons: { id: number; finding: (typeof findings)[number]; raisedAt: number; decidedAt: number; approved: boolean; op: Op }[] = [];
				const pauseParts = rand() < (kind === 'maintenance' ? 0.03 : kind === 'repair' ? 0.08 : 0.14);
				// A short stop for something else: the road-test driver, a special tool, the lift's turn.
				const pauseOther = rand() < (kind === 'maintenance' ? 0.05 : kind === 'repair' ? 0.3 : 0.5);
				const raiseAddon = kind !== 'accident' && rand() < (kind === 'maintenance' ? 0.12 : 0.18);
				let extraWork = 0;
				const firstShare = Math.round(workMs * between(rand, 0.25, 0.5));
				work(firstShare);
				if (raiseAddon) {
					const finding = pick(rand, findings);
					const pool = catalogue.filter((o) => o.category === finding.cat && !chosen.includes(o as Op)) as Op[];
					if (pool.length) {
						const op = pick(rand, pool);
						const raisedAt = t;
						act(t + MIN, starter, { action: 'pause', reason: 'approval', note: '等待客户确认增项 / waiting for the customer' }, { action: 'pause', reason: 'approval', note: '等待客户确认增项 / waiting for the customer' });
						const decidedAt = t + minutes(rand, 8, 60);
						const approved = rand() < 0.68;
						addons.push({ id: 0, finding, raisedAt, decidedAt, approved, op });
						t = whenOpen(decidedAt + minutes(rand, 1, 6));
						act(t, starter, { action: 'resume' });
						if (approved) extraWork = Math.round(operationMinutes(op, crewCount) * workFactor(rand) * MIN);
					}
				}
				if (pauseOther) {
					const note = pick(rand, ['等待路试 / waiting for a road test', '等待专用工具 / waiting for a special tool', '车辆移位 / moving the car']);
					act(t, starter, { action: 'pause', reason: 'other', note }, { action: 'pause', reason: 'other', note });
					t = whenOpen(t + minutes(rand, 8, 35));
					act(t, starter, { action: 'resume' });
				}
				if (pauseParts) {
					act(t, starter, { action: 'pause', reason: 'parts', note: '配件缺货，已向备件申请 / part out of stock, requested' }, { action: 'pause', reason: 'parts', note: '配件缺货，已向备件申请 / part out of stock, requested' });
					t = whenOpen(t + minutes(rand, 15, 100));
					act(t, starter, { action: 'resume' });
				}
				work(Math.max(MIN, workMs - firstShare) + extraWork);
				const leader = leaderOf.get(team.id) ?? starter;
				const finishAndCheck = () => {
					act(t, starter, { action: 'finish' });
					t += minutes(rand, 2, 8);
					act(t, leader, { action: 'team_check_pass' }, { action: 'team_check_pass' });
				};
				finishAndCheck();
				// The car leaves its bay at the team's check (a failed QC brings it back to the same bay).
				let techsFree = t;
				let bayUntil = t;
				t += minutes(rand, 3, 12);
				if (rand() < 0.06) {
					const reason = pick(rand, qcFailReasons);
					act(t, inspector, { action: 'qc_fail', reason }, { action: 'qc_fail', reason });
					work(Math.round(workMs * between(rand, 0.15, 0.35)));
					finishAndCheck();
					techsFree = bayUntil = t;
					t += minutes(rand, 5, 15);
				}
				act(t, inspector, { action: 'qc_pass' });
				if (kind === 'accident') {
					t += minutes(rand, 5, 25);
					act(t, advisor, { action: 'advisor_check_pass' });
				}
				if (wash) {
					t = whenOpen(t + minutes(rand, 10, 25));
					act(t, advisor, { action: 'wash_done' });
				}
				// Handed over: to a customer waiting in the lounge as soon as the car is ready; to one who
				// left it, when they come for it around the promise (a few come late); in opening hours.
				const waiting = rand() < (kind === 'maintenance' ? 0.85 : kind === 'repair' ? 0.3 : 0);
				let deliverAt = t <= promisedAt && !waiting ? Math.max(t + minutes(rand, 5, 20), promisedAt + minutes(rand, -75, 5)) : t + minutes(rand, 3, waiting ? 15 : 30);
				if (deliverAt >= closeOf(deliverAt) || deliverAt < hoursOf(storeDay(deliverAt, tz)).open) deliverAt = whenOpen(deliverAt) + minutes(rand, 0, 150);
				const nextServiceMileage = Math.round((mileage + (kind === 'maintenance' ? 10000 : 5000)) / 1000) * 1000;
				const followUpTime = rand() < 0.5 ? '18:00-20:00' : undefined;
				const deliverFields: Record<string, unknown> = { action: 'deliver', nextServiceMileage, ...(followUpTime ? { followUpTime } : {}) };
				if (deliverAt >= until - 10 * MIN) return null;
				act(deliverAt, advisor, { action: 'deliver', nextServiceMileage, followUpTime }, deliverFields);
				// The call after delivery: most within three days, some later; the last days' calls before
				// `until`. Every history order ends followed up: one left delivered would still be a live
				// order (the desk's follow-up queue and the commands could still move it).
				const d = weighted(rand, [0, 1, 2, 3, 4, 5, 6], [10, 42, 25, 10, 5, 5, 3]);
				let endAt = deliverAt;
				{
					const callDay = addDays(storeDay(deliverAt, tz), Math.max(0, d));
					let callAt = Math.max(deliverAt + 20 * MIN, storeTime(callDay, '10:00', tz) + minutes(rand, 0, 540));
					if (callAt >= until) callAt = deliverAt + Math.round((until - deliverAt) * between(rand, 0.2, 0.8));
					if (rand() < 0.12 && callAt - deliverAt > 2 * HOUR) {
						const first = callAt - minutes(rand, 60, 100);
						act(first, advisor, { action: 'follow_up', outcome: 'no_answer' }, { action: 'follow_up', outcome: 'no_answer' });
					}
					const outcome = rand() < 0.92 ? 'satisfied' : 'issue';
					act(callAt, advisor, { action: 'follow_up', outcome }, { action: 'follow_up', outcome });
					endAt = callAt;
				}
				if (special?.fitted) special.steps.push({ at: techsFree - 2 * MIN, step: 'fitted', actor: advisor, data: { action: 'fit', from: 'visit_agreed', to: 'fitted' } });
				return { t0, kind, vehicle, isNew, mileage, chosen, crewSize: crewCount, wash, promisedAt, advisor, acts, crew: crew.slice(0, crewCount), addons, parts: partLines, partsPlan, special, bay, team, techsFree, bayUntil, endAt };
			};
			if (!special) return rest();
			pending.push({ at: t, rest });
			return null;
		}

		/** Writes a planned order's rows and events (in memory) and books its bay and crew. */
		type Planned = NonNullable<ReturnType<typeof planOrder>>;
		function commit(plan: Planned) {
			const id = ids.order++;
			const checkDay = storeDay(plan.t0, tz);
			const number = `RO${compact(checkDay)}-${String(counter(roCount, compact(checkDay))).padStart(3, '0')}`;
			const v = plan.vehicle;
			if (plan.isNew) {
				v.customerId = ids.customer++;
				v.id = ids.vehicle++;
				rows.customers.push({ id: v.customerId, store_id: storeId, name: v.name, phone: v.phone, tags: '', created_at: plan.t0 });
				const row = { id: v.id, store_id: storeId, customer_id: v.customerId, plate: v.plate, vin: null, model: v.model, colour: colour(rand), last_mileage: plan.mileage };
				rows.vehicles.push(row);
				vehicleRows.set(v.id, row);
				fleet.push(v);
			} else {
				const row = vehicleRows.get(v.id);
				if (row) row.last_mileage = plan.mileage;
			}
			v.mileage = plan.mileage;
			v.freeAt = plan.endAt;
			if ('bay' in plan && plan.bay) {
				bayFree.set(plan.bay.id, plan.bayUntil! + minutes(rand, 5, 15));
				for (const tech of plan.crew) techFree.set(tech, plan.techsFree! + minutes(rand, 2, 10));
			}

			const entities = [
				{ kind: 'repairOrder', id },
				{ kind: 'kpiOrder', id }
			];
			const orderEvents: Ev[] = [];
			const ev = (at: number, actor: Actor, type: string, data: Record<string, unknown>, more: { kind: string; id: number }[] = []) =>
				orderEvents.push({ at, actor, type, subjectKind: 'repairOrder', subjectId: id, data, entities: [{ kind: 'repairOrder', id }, ...more, { kind: 'kpiOrder', id }] });
			ev(plan.t0, plan.advisor, 'repairOrder.created', { number, plate: v.plate });

			// Operations as checked in; add-ons' operations after them (sort 100 + addon*10, as raiseAddon sorts).
			const ops: { code: string | null; nameZh: string; nameEn: string; minutes1: number; minutes2: number; status: 'active' | 'pending' | 'declined' }[] = [];
			plan.chosen.forEach((o, sort) => {
				rows.operations.push({ repair_order_id: id, standard_time_id: o.id, code: o.code, name_zh: o.name_zh, name_en: o.name_en, minutes_1: o.minutes_1, minutes_2: o.minutes_2, status: 'active', sort, addon_id: null });
				ops.push({ code: o.code, nameZh: o.name_zh, nameEn: o.name_en, minutes1: o.minutes_1, minutes2: o.minutes_2, status: 'active' });
			});
			const addonStatuses: ('approved' | 'declined')[] = [];
			let bumps = 0;
			for (const a of plan.addons) {
				a.id = ids.addon++;
				const status = a.approved ? 'approved' : 'declined';
				rows.addons.push({
					id: a.id,
					repair_order_id: id,
					finding: `${a.finding.zh} / ${a.finding.en}`,
					safety: a.finding.safety ? 1 : 0,
					status,
					raised_by: plan.acts.find((x) => x.action.action === 'start')!.actor.name,
					raised_at: a.raisedAt,
					decided_by: plan.advisor.name,
					decided_via: 'advisor',
					decided_at: a.decidedAt
				});
				rows.operations.push({ repair_order_id: id, standard_time_id: a.op.id, code: a.op.code, name_zh: a.op.name_zh, name_en: a.op.name_en, minutes_1: a.op.minutes_1, minutes_2: a.op.minutes_2, status: a.approved ? 'active' : 'declined', sort: 100 + a.id * 10, addon_id: a.id });
				ops.push({ code: a.op.code, nameZh: a.op.name_zh, nameEn: a.op.name_en, minutes1: a.op.minutes_1, minutes2: a.op.minutes_2, status: a.approved ? 'active' : 'declined' });
				addonStatuses.push(status);
				const raiser = plan.acts.find((x) => x.action.action === 'start')!.actor;
				ev(a.raisedAt, raiser, 'addon.raised', { addonId: a.id, finding: `${a.finding.zh} / ${a.finding.en}`, safety: a.finding.safety, number });
				ev(a.decidedAt, plan.advisor, `addon.${status}`, { addonId: a.id, number });
				bumps += 2;
			}

			// Parts: the request, its lines, the slip at the catalogue's prices.
			let partsFen = 0;
			if (plan.parts.length && 'partsPlan' in plan && plan.partsPlan) {
				const requestId = ids.request++;
				const slipId = ids.slip++;
				const issuedDay = storeDay(plan.partsPlan.issuedAt, tz);
				const slipNo = slipNumber(issuedDay, counter(slipCount, compact(issuedDay)));
				const requester = techActor(plan.crew[0]);
				const total = slipTotal(plan.parts.map((l) => ({ qty: l.qty, unitPrice: l.price })));
				partsFen = total;
				rows.requests.push({
					id: requestId,
					repair_order_id: id,
					note: '',
					status: 'issued',
					requested_by: requester.name,
					requested_at: plan.partsPlan.requestedAt,
					picker_name: partsClerk.name,
					picking_since: plan.partsPlan.requestedAt + Math.round((plan.partsPlan.issuedAt - plan.partsPlan.requestedAt) / 3),
					issued_at: plan.partsPlan.issuedAt,
					slip_id: slipId,
					received_by_name: requester.name,
					short: 0,
					version: 2 + plan.parts.length
				});
				for (const l of plan.parts) {
					rows.requestLines.push({ request_id: requestId, part_id: l.partId, qty: l.qty, confirmed_at: plan.partsPlan.issuedAt - MIN, confirmed_by: partsClerk.name, issued_qty: l.qty });
					rows.slipLines.push({ slip_id: slipId, part_id: l.partId, number: l.number, name_zh: l.nameZh, name_en: l.nameEn, qty: l.qty, unit_price: l.price });
				}
				rows.slips.push({
					id: slipId,
					store_id: storeId,
					number: slipNo,
					repair_order_id: id,
					request_id: requestId,
					issued_by_id: partsClerk.id,
					issued_by_name: partsClerk.name,
					received_by_id: Number(requester.id ?? 0),
					received_by_name: requester.name,
					total,
					issued_at: plan.partsPlan.issuedAt
				});
				ev(plan.partsPlan.requestedAt, requester, 'partsRequest.created', { requestId, note: '', lines: plan.parts.map((l) => ({ partId: l.partId, qty: l.qty })), number }, [{ kind: 'pickList', id: requestId }]);
				ev(plan.partsPlan.issuedAt, partsClerk, 'partsRequest.issued', { requestId, number, slip: slipNo, total, receivedBy: requester.name, short: [], specialOrderId: null }, [{ kind: 'pickList', id: requestId }]);
				bumps += 1;
				result.slips++;
			}

			// The order's moves, through the state machine.
			let state: RepairOrderState = {
				stage: 'checked_in',
				kind: plan.kind,
				wash: plan.wash,
				bayId: null,
				teamId: null,
				crewSize: null,
				pauseReason: null,
				pauseNote: null,
				reworkCount: 0,
				workedMs: 0,
				runningSince: null,
				stageSince: plan.t0,
				cancelReason: null,
				lastQcFailReason: null,
				teamRecommendations: null,
				teamCheckedBy: null,
				teamCheckedAt: null,
				pickupAt: null,
				readyAt: null,
				deliveredAt: null,
				nextServiceDate: null,
				nextServiceMileage: null,
				followUpTime: null,
				followUpOutcome: null
			};
			const acts = [...plan.acts].sort((a, b) => a.at - b.at);
			let last = plan.t0;
			for (const a of acts) {
				const at = Math.max(a.at, last + 1000);
				last = at;
				const action = a.action.action === 'team_check_pass' ? { ...a.action, signedBy: a.actor.name } : a.action;
				const before = state;
				state = transition(state, action as Action, at);
				ev(at, a.actor, `repairOrder.${a.action.action}`, { ...a.fields, number, from: before.stage, to: state.stage, bayId: state.bayId });
			}
			const version = 1 + acts.length + bumps;
			const updatedAt = Math.max(last, ...orderEvents.map((e) => e.at));
			rows.orders.push({
				id,
				store_id: storeId,
				number,
				vehicle_id: v.id,
				customer_id: v.customerId,
				kind: plan.kind,
				stage: state.stage,
				bay_id: state.bayId,
				team_id: state.teamId,
				crew_size: state.crewSize,
				pause_reason: state.pauseReason,
				pause_note: state.pauseNote,
				rework_count: state.reworkCount,
				wash: plan.wash ? 1 : 0,
				keep_old_parts: rand() < 0.1 ? 1 : 0,
				payment_method: plan.kind === 'accident' ? 'insurance' : weighted(rand, ['wechat', 'alipay', 'card', 'cash', 'warranty'], [45, 25, 18, 7, 5]),
				concerns: '',
				promised_at: plan.promisedAt,
				checked_in_at: plan.t0,
				worked_ms: state.workedMs,
				running_since: state.runningSince,
				stage_since: state.stageSince,
				cancel_reason: state.cancelReason,
				version,
				updated_at: updatedAt,
				pickup_at: state.pickupAt,
				ready_at: state.readyAt,
				delivered_at: state.deliveredAt,
				next_service_date: state.nextServiceDate,
				next_service_mileage: state.nextServiceMileage,
				follow_up_time: state.followUpTime,
				follow_up_outcome: state.followUpOutcome,
				last_qc_fail_reason: state.lastQcFailReason,
				overdue_at: null,
				escalated_at: null,
				announced_ready_at: null,
				team_recommendations: state.teamRecommendations,
				team_checked_by: state.teamCheckedBy,
				team_checked_at: state.teamCheckedAt,
				mileage: plan.mileage
			});
			// Everyone on the crew is on the job's clock the whole time it runs.
			const dispatchAt = acts.find((a) => a.action.action === 'dispatch')?.at ?? plan.t0;
			// Read back in the order of assignment, then technician id (all assigned at dispatch).
			const crew = [...plan.crew].sort((a, b) => a - b).map((techId) => {
				rows.crew.push({ repair_order_id: id, technician_id: techId, assigned_at: dispatchAt, worked_ms: state.workedMs, running_since: null });
				return { technicianId: techId, name: technicians.find((x) => x.id === techId)!.name, workedMs: state.workedMs };
			});

			// The special order, its lines and steps (its own events, subject specialOrder).
			if (plan.special) {
				const so = plan.special;
				const soId = ids.special++;
				const regDay = storeDay(so.registered, tz);
				const soNumber = `DD${compact(regDay)}-${String(counter(soCount, compact(regDay))).padStart(2, '0')}`;
				const steps = [...so.steps].sort((a, b) => a.at - b.at);
				const lastStep = steps.at(-1)!;
				const get = (step: string) => steps.find((s) => s.step === step);
				rows.specials.push({
					id: soId,
					store_id: storeId,
					number: soNumber,
					step: lastStep.step,
					customer_id: v.customerId,
					customer_name: v.name,
					customer_phone: v.phone,
					plate: v.plate,
					model: v.model,
					repair_order_id: id,
					fitted_repair_order_id: lastStep.step === 'fitted' ? id : null,
					advisor_id: plan.advisor.id === null ? null : Number(plan.advisor.id),
					advisor_name: plan.advisor.kind === 'user' ? plan.advisor.name : '',
					supplier_ref: get('ordered')?.data.supplierRef ?? null,
					expected_date: get('ordered')?.data.expectedDate ?? null,
					bin_id: bins.find((b) => b.code === get('arrived')?.data.bin)?.id ?? null,
					visit_date: get('visit_agreed')?.data.visitDate ?? null,
					note: '',
					alert_all: 0,
					cancel_reason: get('cancelled')?.data.reason ?? null,
					step_since: lastStep.at,
					created_at: so.registered,
					version: steps.length
				});
				for (const l of so.lines) rows.specialLines.push({ order_id: soId, part_id: l.partId, number: l.number, name: l.name, qty: l.qty });
				for (const s of steps) {
					rows.specialSteps.push({ order_id: soId, step: s.step, at: s.at, actor_id: s.actor.id, actor_name: s.actor.name, note: s.step === 'cancelled' ? (s.data.reason as string) : null });
					const data = s.step === 'fitted' ? { ...s.data, repairOrder: number } : s.data;
					events.push({ at: s.at, actor: s.actor, type: `specialOrder.${s.step}`, subjectKind: 'specialOrder', subjectId: soId, data: { number: soNumber, ...data }, entities: [{ kind: 'specialOrder', id: soId }] });
				}
				result.specialOrders++;
			}

			orderEvents.sort((a, b) => a.at - b.at);
			events.push(...orderEvents);
			result.orders++;
			// The facts, by the same function the projector runs over the same record and events.
			const log: OrderEvent[] = orderEvents.map((e) => ({ at: e.at, type: e.type, actorName: e.actor.name, data: e.data }));
			facts.push(
				orderFacts(
					{
						id,
						number,
						plate: v.plate,
						kind: plan.kind,
						stage: state.stage,
						advisor: plan.advisor.name,
						teamId: state.teamId,
						bayId: state.bayId,
						crewSize: state.crewSize,
						checkedInAt: plan.t0,
						deliveredAt: state.deliveredAt,
						promisedAt: plan.promisedAt,
						workedMs: state.workedMs,
						reworkCount: state.reworkCount,
						wash: plan.wash ? 1 : 0,
						operations: ops,
						addons: addonStatuses,
						partsFen,
						crew
					},
					stepsOf(log),
					tz
				)
			);
		}

		// --- Equipment: each calendar task done around its due dates, back from its first 'done'.
		const tasks = await tx
			.selectFrom('maintenance_tasks as t')
			.innerJoin('equipment as e', 'e.id', 't.equipment_id')
			.select(['t.id', 't.equipment_id', 'e.code', 'e.usage_total', 't.every_count', 't.every_unit', 't.every_usage', 't.lead_days', 't.lead_usage', 't.last_done_at', 't.last_done_usage', 't.safety'])
			.where('e.store_id', '=', storeId)
			.where('t.active', '=', 1)
			.execute();
		const firstDone = new Map(
			(
				await tx
					.selectFrom('maintenance_log')
					.select(['task_id', (eb) => eb.fn.min('at').as('at'), (eb) => eb.fn.min('usage_at').as('usage')])
					.where('store_id', '=', storeId)
					.where('kind', '=', 'done')
					.groupBy('task_id')
					.execute()
			).map((r) => [r.task_id, { at: Number(r.at), usage: Number(r.usage) }])
		);
		const historyStart = storeTime(days[0], '00:00', tz);
		const mechanics = technicians.map((x) => techActor(x.id));
		for (const task of tasks) {
			if (!task.every_count || !task.every_unit) continue;
			const first = firstDone.get(task.id) ?? (task.last_done_at !== null ? { at: task.last_done_at, usage: task.last_done_usage ?? 0 } : undefined);
			if (!first) continue;
			// Step back one interval at a time: each earlier 'done' falls due on the next one's day.
			const stepMs = task.every_unit === 'day' ? task.every_count * DAY : task.every_unit === 'week' ? task.every_count * 7 * DAY : task.every_count * 30.44 * DAY;
			let at = first.at;
			let usage = first.usage;
			const perMs = task.usage_total > 0 ? task.usage_total / Math.max(DAY, until - historyStart) : 0;
			for (let n = 0; n < 500; n++) {
				// Mostly on time (a few days early), now and then late.
				const late = rand() < 0.12;
				const prev = at - stepMs - (late ? -1 : 1) * Math.round(between(rand, 0, late ? 6 : 3)) * DAY;
				if (prev < historyStart) break;
				const doneAt = whenOpen(storeTime(storeDay(prev, tz), '09:00', tz) + minutes(rand, 0, 360));
				if (doneAt >= at) break;
				if (doneAt >= until) {
					at = doneAt;
					continue;
				}
				usage = Math.max(0, Math.round(usage - perMs * (at - doneAt)));
				const actor = pick(rand, mechanics.length ? mechanics : [history]);
				rows.log.push({
					store_id: storeId,
					equipment_id: task.equipment_id,
					task_id: task.id,
					kind: 'done',
					at: doneAt,
					logged_at: doneAt + 5 * MIN,
					actor_id: actor.id,
					actor_name: actor.name,
					notes: '',
					reading: null,
					meter_replaced: 0,
					passed: task.safety ? 1 : null,
					usage_at: usage
				});
				events.push({ at: doneAt + 5 * MIN, actor, type: 'equipment.done', subjectKind: 'equipment', subjectId: task.equipment_id, data: { code: task.code, kind: 'done', taskId: task.id }, entities: [{ kind: 'equipment', id: task.equipment_id }] });
				result.maintenanceDone++;
				at = doneAt;
			}
		}

		// --- Written in large inserts; events in time order (their seq is the store's order of things).
		await insertMany(tx, 'customers', rows.customers);
		await insertMany(tx, 'vehicles', rows.vehicles);
		await insertMany(tx, 'repair_orders', rows.orders);
		await insertMany(tx, 'addons', rows.addons);
		await insertMany(tx, 'repair_order_operations', rows.operations);
		await insertMany(tx, 'job_technicians', rows.crew);
		await insertMany(tx, 'parts_requests', rows.requests);
		await insertMany(tx, 'parts_request_lines', rows.requestLines);
		await insertMany(tx, 'issue_slips', rows.slips);
		await insertMany(tx, 'issue_slip_lines', rows.slipLines);
		await insertMany(tx, 'special_orders', rows.specials);
		await insertMany(tx, 'special_order_lines', rows.specialLines);
		await insertMany(tx, 'special_order_steps', rows.specialSteps);
		await insertMany(tx, 'maintenance_log', rows.log);
		events.sort((a, b) => a.at - b.at);
		await insertMany(
			tx,
			'events',
			events.map((e) => ({
				store_id: storeId,
				at: e.at,
				actor_kind: e.actor.kind,
				actor_id: e.actor.id,
				actor_name: e.actor.name,
				type: e.type,
				subject_kind: e.subjectKind,
				subject_id: e.subjectId,
				payload: JSON.stringify({ data: e.data, entities: e.entities })
			}))
		);
		result.events = events.length;
		await writeFacts(tx, storeId, facts);
		if (onPostgres()) await followExplicitIds(tx, ['repair_orders', 'customers', 'vehicles', 'addons', 'parts_requests', 'issue_slips', 'special_orders']);
	});
	result.ms = Math.round(performance.now() - began);
	return result;
}

function operationMinutes(op: Op, crewSize: number): number {
	return crewSize >= 2 ? op.minutes_2 : op.minutes_1;
}
