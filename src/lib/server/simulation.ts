import type { Db } from './db/database';
import { execute, type Actor, type CommandContext } from '$lib/server/core/commands';
import { createRepairOrder, requestParts, transitionRepairOrder } from '$lib/server/features/repair-orders/commands';
import { openRepairOrderViews } from '$lib/server/features/repair-orders/repository';
import { bayLiftHolds } from '$lib/server/features/workshop/repository';
import { arrivalGapMinutes, chance, nextStep, type SimStep } from '$lib/domain/simulation';
import { standardMinutes } from '$lib/domain/standard-time';
import { bayHoldingStages } from '$lib/domain/repair-order';
import type { RepairOrderView } from '$lib/live/protocol';

/** A clock that runs `rate` times faster than real time, from now. */
export function simulatedClock(rate: number, start = Date.now()): () => number {
	const real0 = performance.now();
	return () => Math.round(start + (performance.now() - real0) * rate);
}

const who = (name: string): Actor => ({ kind: 'system', id: 'simulation', name: `模拟 Simulation · ${name}` });
const advisor = who('前台 advisor');
const dispatcher = who('调度 dispatcher');
const technician = who('技师 technician');
const leader = who('班组长 team leader');
const inspector = who('质检 QC');

const actorFor: Record<string, Actor> = {
	submit: advisor,
	dispatch: dispatcher,
	start: technician,
	pause: technician,
	resume: technician,
	finish: technician,
	team_check_pass: leader,
	qc_pass: inspector,
	qc_fail: inspector,
	advisor_check_pass: advisor,
	wash_done: advisor,
	deliver: advisor,
	follow_up: advisor
};

/**
 * Runs the demo shop's day at the clock's speed, through the same commands people use, so every
 * board can be watched working and soak-tested. Keeps no state that matters: restarted, it
 * carries on from the database.
 */
export class Simulator {
	#nextArrival: number | null = null;
	#arrivals = 0;
	readonly #ctx: CommandContext;
	readonly #timeZone: string;

	constructor(ctx: CommandContext, timeZone: string) {
		this.#ctx = ctx;
		this.#timeZone = timeZone;
	}

	#hour(now: number): number {
		return Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: this.#timeZone }).format(now));
	}

	/** Does whatever is due at `now`; returns how many commands it ran. */
	async tick(now: number): Promise<number> {
		const ctx = { ...this.#ctx, now: () => now };
		let done = 0;
		done += await this.#arrive(ctx, now);
		const orders = await openRepairOrderViews(this.#ctx.db, this.#ctx.storeId, now - 2 * 86_400_000);
		for (const o of orders) {
			const step = nextStep(
				{
					id: o.id,
					kind: o.kind,
					stage: o.stage,
					stageSince: o.stageSince,
					reworkCount: o.reworkCount,
					wash: o.wash,
					workedMs: o.workedMs,
					runningSince: o.runningSince,
					standardMs: standardMinutes(o.operations, o.crewSize) * 60_000,
					pausedForParts: o.partsRequests.length > 0,
					deliveredAt: o.deliveredAt
				},
				now
			);
			if (step && (await this.#apply(ctx, o, step, orders))) done++;
		}
		return done;
	}

	async #arrive(ctx: CommandContext, now: number): Promise<number> {
		const gap = (at: number) => arrivalGapMinutes(this.#hour(at), chance(this.#arrivals, 'arrival'));
		if (this.#nextArrival === null) {
			const g = gap(now);
			this.#nextArrival = now + (g ?? 30) * 60_000;
			return 0;
		}
		if (now < this.#nextArrival) return 0;
		const g = gap(now);
		this.#nextArrival = now + (g ?? 30) * 60_000;
		if (g === null) return 0; // closed: no cars now
		const n = this.#arrivals++;
		const db = this.#ctx.db;
		const customer = await db
			.selectFrom('customers as c')
			.innerJoin('vehicles as v', 'v.customer_id', 'c.id')
			.select(['c.name', 'c.phone', 'v.plate', 'v.model', 'v.colour', 'v.vin'])
			.where('c.store_id', '=', this.#ctx.storeId)
			.where((eb) =>
				eb.not(eb.exists(eb.selectFrom('repair_orders as r').select('r.id').whereRef('r.vehicle_id', '=', 'v.id').where('r.stage', 'not in', ['delivered', 'followed_up', 'cancelled'])))
			)
			.orderBy((eb) => eb.fn('random'))
			.limit(1)
			.executeTakeFirst();
		if (!customer) return 0;
		const x = chance(n, 'kind');
		const kind = x < 0.35 ? 'accident' : x < 0.6 ? 'repair' : 'maintenance';
		// Checked in by one of the store's advisors in turn (the manager's figures go by advisor).
		const advisors = await db.selectFrom('users').select(['name']).where('store_id', '=', this.#ctx.storeId).where('role', '=', 'service_advisor').where('active', '=', 1).orderBy('id').execute();
		const desk = advisors[n % Math.max(1, advisors.length)];
		const checkedInBy: Actor = desk ? { ...advisor, name: desk.name } : advisor;
		const operations = await this.#pickOperations(db, kind, n);
		await execute(
			ctx,
			createRepairOrder,
			{
				vehicle: { plate: customer.plate, model: customer.model, colour: customer.colour ?? undefined, vin: customer.vin ?? undefined },
				customer: { name: customer.name, phone: customer.phone },
				kind,
				operations,
				wash: chance(n, 'wash') < 0.4,
				promisedAt: now + (kind === 'accident' ? 8 : 2) * 3_600_000,
				concerns: kind === 'accident' ? '事故车，保险理赔' : kind === 'maintenance' ? '定期保养' : '仪表故障灯亮'
			},
			{ actor: checkedInBy }
		);
		return 1;
	}

	async #pickOperations(db: Db, kind: string, n: number): Promise<string[]> {
		if (kind === 'maintenance') return chance(n, 'brakes') < 0.3 ? ['MNT-STD', 'BRK-SVC'] : ['MNT-STD'];
		const categories = kind === 'accident' ? ['body', 'paint'] : ['brakes', 'electrical', 'engine', 'ac', 'tyres', 'suspension'];
		const ops = await db.selectFrom('standard_times').select(['code', 'category']).where('store_id', '=', this.#ctx.storeId).where('category', 'in', categories).orderBy('code').execute();
		if (ops.length === 0) return ['MNT-STD'];
		const first = ops[Math.floor(chance(n, 'op1') * ops.length)];
		const second = ops[Math.floor(chance(n, 'op2') * ops.length)];
		return first.code === second.code || chance(n, 'two') < 0.5 ? [first.code] : [first.code, second.code];
	}

	async #apply(ctx: CommandContext, o: RepairOrderView, step: SimStep, orders: RepairOrderView[]): Promise<boolean> {
		let fields: Record<string, unknown> = {};
		if (step.action === 'dispatch') {
			const target = await this.#freeBay(o, orders);
			if (!target) return false;
			fields = { ...target, crewSize: chance(o.id, 'crew') < 0.4 ? 2 : 1 };
		} else if (step.action === 'deliver') {
			fields = { nextServiceMileage: 10_000 * (1 + Math.floor(chance(o.id, 'km') * 8)), followUpTime: '18:00-20:00' };
		} else {
			// eslint-disable-next-line @typescript-eslint/no-unused-vars
			const { action, ...rest } = step;
			fields = rest;
		}
		try {
			const { result } = await execute(ctx, transitionRepairOrder, { id: o.id, expectedVersion: o.version, action: step.action, ...fields }, { actor: actorFor[step.action] });
			if (step.action === 'pause') {
				await execute(ctx, requestParts, { id: o.id, expectedVersion: result.version, note: '刹车片 / brake pads ×1' }, { actor: technician });
			}
			return true;
		} catch {
			return false; // someone at a screen got there first: try again next tick
		}
	}

	async #freeBay(o: RepairOrderView, orders: RepairOrderView[]): Promise<{ bay: string; team: string } | null> {
		const db = this.#ctx.db;
		const held = new Set(orders.filter((x) => x.bayId !== null && bayHoldingStages.includes(x.stage)).map((x) => x.bayId));
		const kinds = o.kind === 'accident' ? ['body', 'paint'] : o.operations.some((op) => op.code?.startsWith('ALN')) ? ['alignment', 'mechanical'] : ['mechanical', 'alignment'];
		const bays = await db.selectFrom('bays').select(['id', 'code', 'kind']).where('store_id', '=', this.#ctx.storeId).where('in_service', '=', 1).orderBy('sort').execute();
		// A bay its lift holds (out of service, safety inspection overdue) is refused at dispatch: not free.
		const liftHeld = await bayLiftHolds(db, this.#ctx.storeId, (this.#ctx.now ?? Date.now)());
		const bay = kinds.flatMap((k) => bays.filter((b) => b.kind === k && !held.has(b.id) && !liftHeld.has(b.id)))[0];
		if (!bay) return null;
		const teamKind = bay.kind === 'paint' ? 'paint' : bay.kind === 'body' ? 'body' : 'mechanical';
		const teams = await db.selectFrom('teams').select(['id', 'code']).where('store_id', '=', this.#ctx.storeId).where('kind', '=', teamKind).orderBy('id').execute();
		if (teams.length === 0) return null;
		const load = (id: number) => orders.filter((x) => x.teamId === id && bayHoldingStages.includes(x.stage)).length;
		const team = [...teams].sort((a, b) => load(a.id) - load(b.id))[0];
		return { bay: bay.code, team: team.code };
	}
}
