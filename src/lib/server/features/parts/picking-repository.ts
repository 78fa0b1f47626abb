import type { Db } from '$lib/server/db/database';
import type { EntityImage } from '$lib/server/core/projections';
import { camelize } from '$lib/server/core/rows';
import { jsonArrayFrom, jsonList } from '$lib/server/db/json';
import { walkingOrder } from '$lib/domain/picking';
import { closedStages } from '$lib/domain/repair-order';
import type { PickLineView, PickListView } from './views';

/**
 * The pick lists' reads: a parts request as the parts room works it (the order, its bay, its
 * lines in walking order with their stock and bin, who may take the parts), and the issue slip.
 * Plain functions, `db` first, every one filtered by store.
 */

export type PickStatus = PickListView['status'];

/**
 * Parts requests with their order, bay and slip, and as JSON arrays their lines (with part, stock
 * and place), the job's technicians who have a sign-in and the team's: one statement for one list or
 * the whole queue. A command that moves an order reads its lists this way in its transaction.
 */
function requestQuery(db: Db, storeId: number) {
	return db
		.selectFrom('parts_requests as pr')
		.innerJoin('repair_orders as ro', 'ro.id', 'pr.repair_order_id')
		.innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
		.leftJoin('bays as b', 'b.id', 'ro.bay_id')
		.leftJoin('issue_slips as s', 's.id', 'pr.slip_id')
		.select(['pr.id', 'pr.note', 'pr.status', 'pr.requested_by', 'pr.requested_at', 'pr.picker_name', 'pr.picking_since', 'pr.issued_at', 'pr.received_by_name', 'pr.version', 'pr.short'])
		.select(['ro.id as repair_order_id', 'ro.number as ro_number', 'ro.stage as ro_stage', 'v.plate', 'v.model', 'b.code as bay_code', 's.number as slip_number'])
		.select((eb) => [
			jsonArrayFrom(
				eb
					.selectFrom('parts_request_lines as l')
					.innerJoin('parts as p', 'p.id', 'l.part_id')
					.leftJoin('part_bins as pb', 'pb.id', 'p.bin_id')
					.leftJoin('part_zones as z', 'z.id', 'pb.zone_id')
					.select(['l.id', 'l.part_id', 'p.number', 'p.barcode', 'p.name_zh', 'p.name_en', 'p.unit', 'l.qty', 'p.on_hand', 'p.bin_id', 'l.confirmed_at', 'l.confirmed_by', 'l.issued_qty'])
					.select(['pb.code as bin_code', 'z.code as zone_code', 'z.sort as zone_sort', 'pb.rack', 'pb.shelf', 'pb.position'])
					.whereRef('l.request_id', '=', 'pr.id')
					.orderBy('l.id')
			).as('lines'),
			// Who may take the parts at the counter: the technicians on the job who have a sign-in (an
			// active person linked to them); an order with nobody on it yet: its team's.
			jsonArrayFrom(
				eb
					.selectFrom('job_technicians as j')
					.innerJoin('users as u', 'u.technician_id', 'j.technician_id')
					.select(['u.id as user_id', 'u.name'])
					.whereRef('j.repair_order_id', '=', 'ro.id')
					.where('u.store_id', '=', storeId)
					.where('u.active', '=', 1)
					.orderBy('j.assigned_at')
					.orderBy('u.id')
			).as('on_job'),
			jsonArrayFrom(
				eb
					.selectFrom('technicians as t')
					.innerJoin('users as u', 'u.technician_id', 't.id')
					.select(['u.id as user_id', 'u.name'])
					.whereRef('t.team_id', '=', 'ro.team_id')
					.where('t.store_id', '=', storeId)
					.where('t.active', '=', 1)
					.where('u.active', '=', 1)
					.orderBy('t.is_leader', 'desc')
					.orderBy('u.id')
			).as('team')
		])
		.where('ro.store_id', '=', storeId);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestQuery>['executeTakeFirstOrThrow']>>;


interface LineRow {
	id: number;
	part_id: number;
	number: string;
	barcode: string | null;
	name_zh: string;
	name_en: string;
	unit: string;
	qty: number;
	on_hand: number;
	bin_id: number | null;
	confirmed_at: number | null;
	confirmed_by: string | null;
	issued_qty: number | null;
	bin_code: string | null;
	zone_code: string | null;
	zone_sort: number | null;
	rack: number | null;
	shelf: number | null;
	position: number | null;
}

/** A request's lines in walking order through the room (bin order). */
function linesOf(value: LineRow[] | string): PickLineView[] {
	const placed = jsonList<LineRow>(value).map((r) => ({
		...r,
		place: r.zone_code !== null && r.rack !== null && r.shelf !== null ? { zoneSort: r.zone_sort ?? 0, zoneCode: r.zone_code, rack: r.rack, shelf: r.shelf, position: r.position ?? 1 } : null
	}));
	return walkingOrder(placed).map((r) => {
		// eslint-disable-next-line @typescript-eslint/no-unused-vars
		const { place, zone_sort, rack, shelf, position, ...line } = r;
		return camelize(line);
	});
}

function toViews(rows: RequestRow[]): PickListView[] {
	return rows.map((r) => {
		// eslint-disable-next-line @typescript-eslint/no-unused-vars
		const { short, lines, on_job, team, ...rest } = r;
		const onJob = jsonList<{ user_id: number; name: string }>(on_job);
		const receivers = (onJob.length ? onJob : jsonList<{ user_id: number; name: string }>(team)).map((x) => ({ userId: x.user_id, name: x.name }));
		return { ...camelize(rest), short: short === 1, lines: linesOf(lines), receivers };
	});
}

/** One pick list as it stands, in this store (undefined: no such request here). */
export async function pickListView(db: Db, storeId: number, requestId: number): Promise<PickListView | undefined> {
	const row = await requestQuery(db, storeId).where('pr.id', '=', requestId).executeTakeFirst();
	return row && toViews([row])[0];
}

/** The parts room's queue: requests still to pick (oldest first), and those issued since `issuedSince`. */
export async function pickListViews(db: Db, storeId: number, filter: { issuedSince: number; status?: PickStatus; limit?: number }): Promise<PickListView[]> {
	let q = requestQuery(db, storeId);
	if (filter.status === 'issued') q = q.where('pr.status', '=', 'issued').where('pr.issued_at', '>=', filter.issuedSince);
	else if (filter.status) q = q.where('pr.status', '=', filter.status);
	else q = q.where((eb) => eb.or([eb('pr.status', 'in', ['open', 'picking']), eb('pr.issued_at', '>=', filter.issuedSince)]));
	// An order delivered or cancelled with its request unpicked: nothing left to pick for it.
	if (filter.status !== 'issued') q = q.where((eb) => eb.or([eb('pr.status', '=', 'issued'), eb('ro.stage', 'not in', [...closedStages])]));
	q = q.orderBy('pr.requested_at').orderBy('pr.id');
	if (filter.limit) q = q.limit(filter.limit);
	return toViews(await q.execute());
}

/** The pick-list images of the open and picking requests that hold this part (its stock or bin changed). */
export async function pickListImagesForPart(db: Db, storeId: number, partId: number): Promise<EntityImage[]> {
	const rows = await requestQuery(db, storeId)
		.where('pr.status', 'in', ['open', 'picking'])
		.where((eb) => eb.exists(eb.selectFrom('parts_request_lines as l').select('l.id').whereRef('l.request_id', '=', 'pr.id').where('l.part_id', '=', partId)))
		.orderBy('pr.id')
		.execute();
	return toViews(rows).map((value) => ({ kind: 'pickList', id: value.id, value }));
}

/** The images of an order's requests still to pick (its stage or bay changed: the queue shows it). */
export async function pickListImagesForOrder(db: Db, storeId: number, repairOrderId: number): Promise<EntityImage[]> {
	const rows = await requestQuery(db, storeId).where('pr.repair_order_id', '=', repairOrderId).where('pr.status', 'in', ['open', 'picking']).orderBy('pr.id').execute();
	return toViews(rows).map((value) => ({ kind: 'pickList', id: value.id, value }));
}

/** A pick list as a live image (the entity as it now stands). */
export async function pickListImage(db: Db, storeId: number, requestId: number): Promise<EntityImage> {
	return { kind: 'pickList', id: requestId, value: (await pickListView(db, storeId, requestId)) ?? null };
}

export interface IssueSlipLineView {
	partId: number;
	number: string;
	nameZh: string;
	nameEn: string;
	qty: number;
	unitPrice: number;
}

/** The issue slip (出库单) as printed and as the manager's figures read it. */
export interface IssueSlipView {
	id: number;
	number: string;
	repairOrderId: number;
	roNumber: string;
	plate: string;
	requestId: number;
	issuedById: string | null;
	issuedByName: string;
	receivedById: number;
	receivedByName: string;
	/** fen */
	total: number;
	issuedAt: number;
	lines: IssueSlipLineView[];
}

export async function issueSlipView(db: Db, storeId: number, id: number): Promise<IssueSlipView | undefined> {
	const slip = await db
		.selectFrom('issue_slips as s')
		.innerJoin('repair_orders as ro', 'ro.id', 's.repair_order_id')
		.innerJoin('vehicles as v', 'v.id', 'ro.vehicle_id')
		.select(['s.id', 's.number', 's.repair_order_id', 's.request_id', 's.issued_by_id', 's.issued_by_name', 's.received_by_id', 's.received_by_name', 's.total', 's.issued_at'])
		.select(['ro.number as ro_number', 'v.plate'])
		.where('s.store_id', '=', storeId)
		.where('s.id', '=', id)
		.executeTakeFirst();
	if (!slip) return undefined;
	const lines = await db
		.selectFrom('issue_slip_lines')
		.select(['part_id', 'number', 'name_zh', 'name_en', 'qty', 'unit_price'])
		.where('slip_id', '=', id)
		.orderBy('id')
		.execute();
	return { ...camelize(slip), lines: lines.map((l) => camelize(l)) };
}
