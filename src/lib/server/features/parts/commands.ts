import { z } from 'zod';
import { specialOrderImage } from './special-orders-repository';
import type { Db } from '$lib/server/db/database';
import { CommandError, checkVersion, defineCommand, expectedVersion, type CommandEnv } from '$lib/server/core/commands';
import type { EntityImage } from '$lib/server/core/projections';
import { actorOf } from '$lib/server/features/access/principal';
import { MAX_PRICE_FEN, MAX_QTY, adjustDelta } from '$lib/domain/stock';
import { binView, escapeLike, like, normalisedNumber, partView, zoneViews } from './repository';
import { pickListImagesForPart } from './picking-repository';
import { searchKeys, searchText } from './search-keys';
import { zoneKinds, type MovementKind } from './table';
import type { BinView, PartView, ZoneView } from './views';

/**
 * The catalogue and stock commands: parts, zones and bins (part.manage), receiving, counting and
 * moving stock (stock.receive, stock.adjust). Each is one transaction and one event; every change
 * of stock or place also writes a `stock_movements` row with its actor in that transaction.
 *
 * Exported for the other parts-room commands (picking, CSV):
 *
 *   recordMovement(tx: Db, env: CommandEnv, m: MovementInput): Promise<number>
 *     Appends one stock_movements row (kind, signed qty, on_hand_after, from/to bin, reason,
 *     repair order, slip) with env.actor as actor_id/actor_name and env.now as `at`; returns its id.
 *     It writes the movement only: the caller has already changed parts.on_hand / bin_id.
 *
 *   changeStock(tx: Db, env: CommandEnv, c: StockChange): Promise<{ onHandBefore: number; onHandAfter: number }>
 *     Adds c.delta (signed) to a part's on_hand in env.storeId, never below 0 (409 'shortage',
 *     field 'qty', nothing written), bumps the part's version (and last_issued_at for kind 'issue'),
 *     and records the movement with recordMovement.
 *
 *   partImages(tx: Db, storeId: number, partIds: number[]): Promise<EntityImage[]>
 *     The open and picking pick lists that hold any of these parts, as live images (deduplicated).
 *
 *   findBin(tx, storeId, code, field = 'bin') / findZone(tx, storeId, code, field = 'zone'):
 *     a bin or zone by its code in this store, or 404 with that field.
 */

export interface MovementInput {
	partId: number;
	kind: MovementKind;
	/** Signed change of on_hand (0 for a move). */
	qty: number;
	onHandAfter: number;
	fromBinId?: number | null;
	toBinId?: number | null;
	reason?: string | null;
	repairOrderId?: number | null;
	slipId?: number | null;
}

export async function recordMovement(tx: Db, env: CommandEnv, m: MovementInput): Promise<number> {
	const actor = actorOf(env.actor);
	const { id } = await tx
		.insertInto('stock_movements')
		.values({
			store_id: env.storeId,
			part_id: m.partId,
			kind: m.kind,
			qty: m.qty,
			on_hand_after: m.onHandAfter,
			from_bin_id: m.fromBinId ?? null,
			to_bin_id: m.toBinId ?? null,
			reason: m.reason ?? null,
			repair_order_id: m.repairOrderId ?? null,
			slip_id: m.slipId ?? null,
			actor_id: actor.id,
			actor_name: actor.name,
			at: env.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

export interface StockChange {
	partId: number;
	kind: MovementKind;
	delta: number;
	reason?: string | null;
	repairOrderId?: number | null;
	slipId?: number | null;
}

export async function changeStock(tx: Db, env: CommandEnv, c: StockChange): Promise<{ onHandBefore: number; onHandAfter: number }> {
	const part = await tx.selectFrom('parts').select(['id', 'number', 'on_hand', 'bin_id']).where('store_id', '=', env.storeId).where('id', '=', c.partId).executeTakeFirst();
	if (!part) throw new CommandError(404, 'not_found', `part ${c.partId} does not exist`, 'id');
	const after = part.on_hand + c.delta;
	if (after < 0) {
		throw new CommandError(409, 'shortage', `qty: only ${part.on_hand} of ${part.number} on hand`, 'qty', { partId: part.id, number: part.number, onHand: part.on_hand, want: -c.delta });
	}
	await tx
		.updateTable('parts')
		.set((eb) => ({ on_hand: after, version: eb('version', '+', 1), ...(c.kind === 'issue' ? { last_issued_at: env.now } : {}) }))
		.where('id', '=', part.id)
		.execute();
	await recordMovement(tx, env, {
		partId: part.id,
		kind: c.kind,
		qty: c.delta,
		onHandAfter: after,
		fromBinId: c.delta < 0 ? part.bin_id : null,
		toBinId: c.delta > 0 ? part.bin_id : null,
		reason: c.reason,
		repairOrderId: c.repairOrderId,
		slipId: c.slipId
	});
	return { onHandBefore: part.on_hand, onHandAfter: after };
}

/** The open and picking pick lists that hold these parts, as the kiosk now sees them. */
export async function partImages(tx: Db, storeId: number, partIds: number[]): Promise<EntityImage[]> {
	const seen = new Map<number, EntityImage>();
	for (const id of new Set(partIds)) for (const image of await pickListImagesForPart(tx, storeId, id)) seen.set(image.id, image);
	return [...seen.values()];
}

export async function findBin(tx: Db, storeId: number, code: string, field = 'bin') {
	const bin = await tx.selectFrom('part_bins').selectAll().where('store_id', '=', storeId).where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
	if (!bin) throw new CommandError(404, 'not_found', `${field}: there is no bin ${code} in this store`, field);
	return bin;
}

export async function findZone(tx: Db, storeId: number, code: string, field = 'zone') {
	const zone = await tx.selectFrom('part_zones').selectAll().where('store_id', '=', storeId).where('code', '=', code.trim().toUpperCase()).executeTakeFirst();
	if (!zone) throw new CommandError(404, 'not_found', `${field}: there is no zone ${code} in this store`, field);
	return zone;
}

async function findPart(tx: Db, storeId: number, id: number) {
	const part = await tx.selectFrom('parts').selectAll().where('store_id', '=', storeId).where('id', '=', id).where('active', '=', 1).executeTakeFirst();
	if (!part) throw new CommandError(404, 'not_found', `part ${id} does not exist`, 'id');
	return part;
}

// ————— input —————

/** A whole quantity between min and max, refused with a reason a person reads (strings, fractions, absurd sizes). */
export const quantity = (min: number, max = MAX_QTY) =>
	z
		.number({ error: (issue) => (issue.input === undefined ? 'required' : 'a number of units is needed') })
		.int('whole units only')
		.min(min, min === 0 ? 'cannot be negative' : `at least ${min}`)
		.max(max, `at most ${max.toLocaleString('en')}`);

const partNumber = z
	.string()
	.trim()
	.min(1, 'required')
	.max(40)
	.regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/, 'letters, digits, dashes, dots and spaces only');
const barcode = z
	.string()
	.trim()
	.max(64)
	.regex(/^[\x21-\x7e]*$/, 'printable Latin characters only (what a scanner sends)')
	.transform((v) => v || null)
	.nullable();
const binCode = z
	.string()
	.trim()
	.min(1, 'required')
	.max(20)
	.regex(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/, 'letters and digits, parts joined by dashes (A-1-3)')
	.transform((v) => v.toUpperCase());
const zoneCode = z
	.string()
	.trim()
	.min(1, 'required')
	.max(4)
	.regex(/^[A-Za-z][A-Za-z0-9]*$/, 'a letter, then letters or digits (A, B, C1)')
	.transform((v) => v.toUpperCase());
const nameZh = z.string().trim().min(1, 'required').max(60);
const nameEn = z.string().trim().min(1, 'required').max(80);
const note = z.string().trim().max(200);

const partFields = {
	number: partNumber,
	barcode: barcode.optional(),
	nameZh,
	nameEn,
	models: z.string().trim().max(200).optional(),
	unit: z.string().trim().min(1).max(8).optional(),
	price: z.number().int('whole fen').min(0, 'cannot be negative').max(MAX_PRICE_FEN, `at most ${MAX_PRICE_FEN} fen`),
	minQty: quantity(0).optional(),
	/** A bin's code in this store; null on an update takes the part off its bin. */
	bin: binCode.nullable().optional()
};

/** Refuses a number (compared without case, dashes or spaces: what a scan finds) or a barcode another part holds. */
async function checkUnique(tx: Db, storeId: number, number: string | undefined, code: string | null | undefined, exceptId?: number) {
	if (number !== undefined) {
		let q = tx
			.selectFrom('parts')
			.select(['id', 'number'])
			.where('store_id', '=', storeId)
			.where(like(normalisedNumber('number'), escapeLike(searchText(number))));
		if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
		const other = await q.executeTakeFirst();
		if (other) throw new CommandError(409, 'number_taken', `number: ${other.number} is already a part in this store`, 'number', { partId: other.id });
	}
	if (code) {
		let q = tx.selectFrom('parts').select(['id', 'number']).where('store_id', '=', storeId).where('barcode', '=', code);
		if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
		const other = await q.executeTakeFirst();
		if (other) throw new CommandError(409, 'barcode_taken', `barcode: ${code} already belongs to ${other.number}`, 'barcode', { partId: other.id });
	}
}

async function partResult(tx: Db, env: CommandEnv, id: number): Promise<{ view: PartView; images: EntityImage[] }> {
	const view = (await partView(tx, env.storeId, id))!;
	return { view, images: await partImages(tx, env.storeId, [id]) };
}

// ————— parts —————

export const createPart = defineCommand({
	type: 'part.create',
	permission: () => 'part.manage',
	schema: z.object(partFields),
	async handle(tx, input, env) {
		await checkUnique(tx, env.storeId, input.number, input.barcode);
		const bin = input.bin ? await findBin(tx, env.storeId, input.bin) : null;
		const { id } = await tx
			.insertInto('parts')
			.values({
				store_id: env.storeId,
				number: input.number,
				barcode: input.barcode ?? null,
				name_zh: input.nameZh,
				name_en: input.nameEn,
				...searchKeys(input.nameZh),
				models: input.models ?? '',
				unit: input.unit ?? '个',
				price: input.price,
				min_qty: input.minQty ?? 0,
				bin_id: bin?.id ?? null,
				created_at: env.now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const view = (await partView(tx, env.storeId, id))!;
		return { result: view, event: { type: 'part.created', subjectKind: 'part', subjectId: id, data: { number: input.number, bin: bin?.code ?? null }, images: [] } };
	}
});

export const updatePart = defineCommand({
	type: 'part.update',
	permission: () => 'part.manage',
	schema: z.object({
		id: z.number().int().positive(),
		expectedVersion,
		number: partFields.number.optional(),
		barcode: partFields.barcode,
		nameZh: nameZh.optional(),
		nameEn: nameEn.optional(),
		models: partFields.models,
		unit: partFields.unit,
		price: partFields.price.optional(),
		minQty: partFields.minQty,
		bin: partFields.bin
	}),
	async handle(tx, input, env) {
		const part = await findPart(tx, env.storeId, input.id);
		checkVersion(part.version, input.expectedVersion, `Part ${part.number}`);
		await checkUnique(tx, env.storeId, input.number, input.barcode, part.id);
		const bin = input.bin === undefined ? undefined : input.bin === null ? null : await findBin(tx, env.storeId, input.bin);
		const binId = bin === undefined ? part.bin_id : (bin?.id ?? null);
		const name = input.nameZh ?? part.name_zh;
		await tx
			.updateTable('parts')
			.set({
				number: input.number ?? part.number,
				barcode: input.barcode === undefined ? part.barcode : input.barcode,
				name_zh: name,
				name_en: input.nameEn ?? part.name_en,
				...(input.nameZh !== undefined ? searchKeys(name) : {}),
				models: input.models ?? part.models,
				unit: input.unit ?? part.unit,
				price: input.price ?? part.price,
				min_qty: input.minQty ?? part.min_qty,
				bin_id: binId,
				version: part.version + 1
			})
			.where('id', '=', part.id)
			.execute();
		// A new place is a movement like any other (the shelf's history says who moved it).
		if (binId !== part.bin_id) {
			await recordMovement(tx, env, { partId: part.id, kind: 'move', qty: 0, onHandAfter: part.on_hand, fromBinId: part.bin_id, toBinId: binId, reason: null });
		}
		const { view, images } = await partResult(tx, env, part.id);
		const changed = Object.keys(input).filter((k) => k !== 'id' && k !== 'expectedVersion');
		return { result: view, event: { type: 'part.updated', subjectKind: 'part', subjectId: part.id, data: { number: view.number, changed }, images } };
	}
});

// ————— stock —————

export const receiveStock = defineCommand({
	type: 'stock.receive',
	permission: () => 'stock.receive',
	schema: z.object({ id: z.number().int().positive(), qty: quantity(1), bin: binCode.optional(), note: note.optional() }),
	async handle(tx, input, env) {
		const part = await findPart(tx, env.storeId, input.id);
		const bin = input.bin ? await findBin(tx, env.storeId, input.bin) : null;
		const after = part.on_hand + input.qty;
		const toBin = bin?.id ?? part.bin_id;
		await tx
			.updateTable('parts')
			.set({ on_hand: after, bin_id: toBin, version: part.version + 1 })
			.where('id', '=', part.id)
			.execute();
		await recordMovement(tx, env, {
			partId: part.id,
			kind: 'receive',
			qty: input.qty,
			onHandAfter: after,
			fromBinId: bin && bin.id !== part.bin_id ? part.bin_id : null,
			toBinId: toBin,
			reason: input.note || null
		});
		const { view, images } = await partResult(tx, env, part.id);
		return {
			result: view,
			event: { type: 'stock.received', subjectKind: 'part', subjectId: part.id, data: { number: part.number, qty: input.qty, onHand: after, bin: view.binCode }, images }
		};
	}
});

export const adjustStock = defineCommand({
	type: 'stock.adjust',
	permission: () => 'stock.adjust',
	schema: z.object({
		id: z.number().int().positive(),
		/** What was counted on the shelf: the new on-hand. */
		count: quantity(0),
		reason: z.string({ error: 'say why the count differs (damaged, miscounted, found…)' }).trim().min(1, 'say why the count differs (damaged, miscounted, found…)').max(200),
		expectedVersion: expectedVersion.optional()
	}),
	async handle(tx, input, env) {
		const part = await findPart(tx, env.storeId, input.id);
		if (input.expectedVersion !== undefined) checkVersion(part.version, input.expectedVersion, `Part ${part.number}`);
		const delta = adjustDelta(part.on_hand, input.count);
		await tx.updateTable('parts').set({ on_hand: input.count, version: part.version + 1 }).where('id', '=', part.id).execute();
		await recordMovement(tx, env, {
			partId: part.id,
			kind: 'adjust',
			qty: delta,
			onHandAfter: input.count,
			fromBinId: delta < 0 ? part.bin_id : null,
			toBinId: delta > 0 ? part.bin_id : null,
			reason: input.reason
		});
		const { view, images } = await partResult(tx, env, part.id);
		return {
			result: view,
			event: { type: 'stock.adjusted', subjectKind: 'part', subjectId: part.id, data: { number: part.number, was: part.on_hand, counted: input.count, delta, reason: input.reason }, images }
		};
	}
});

export const moveStock = defineCommand({
	type: 'stock.move',
	permission: () => 'stock.adjust',
	schema: z.object({ id: z.number().int().positive(), bin: binCode, expectedVersion: expectedVersion.optional() }),
	async handle(tx, input, env) {
		const part = await findPart(tx, env.storeId, input.id);
		if (input.expectedVersion !== undefined) checkVersion(part.version, input.expectedVersion, `Part ${part.number}`);
		const bin = await findBin(tx, env.storeId, input.bin);
		if (bin.id === part.bin_id) throw new CommandError(409, 'same_bin', `bin: ${part.number} is already in ${bin.code}`, 'bin');
		const from = part.bin_id === null ? null : await tx.selectFrom('part_bins').select('code').where('id', '=', part.bin_id).executeTakeFirst();
		await tx.updateTable('parts').set({ bin_id: bin.id, version: part.version + 1 }).where('id', '=', part.id).execute();
		await recordMovement(tx, env, { partId: part.id, kind: 'move', qty: 0, onHandAfter: part.on_hand, fromBinId: part.bin_id, toBinId: bin.id });
		const { view, images } = await partResult(tx, env, part.id);
		return {
			result: view,
			event: { type: 'stock.moved', subjectKind: 'part', subjectId: part.id, data: { number: part.number, from: from?.code ?? null, to: bin.code }, images }
		};
	}
});

// ————— zones and bins —————

const zoneFields = { code: zoneCode, nameZh: z.string().trim().min(1, 'required').max(40), nameEn: z.string().trim().min(1, 'required').max(60), kind: z.enum(zoneKinds), sort: z.number().int().min(0).max(999) };

async function zoneCodeTaken(tx: Db, storeId: number, code: string, exceptId?: number) {
	let q = tx.selectFrom('part_zones').select('id').where('store_id', '=', storeId).where('code', '=', code);
	if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
	if (await q.executeTakeFirst()) throw new CommandError(409, 'code_taken', `code: zone ${code} already exists in this store`, 'code');
}

async function zoneResult(tx: Db, storeId: number, id: number): Promise<ZoneView> {
	return (await zoneViews(tx, storeId)).find((z) => z.id === id)!;
}

export const createZone = defineCommand({
	type: 'zone.create',
	permission: () => 'part.manage',
	schema: z.object({ ...zoneFields, kind: zoneFields.kind.default('common'), sort: zoneFields.sort.optional() }),
	async handle(tx, input, env) {
		await zoneCodeTaken(tx, env.storeId, input.code);
		const last = await tx.selectFrom('part_zones').select((eb) => eb.fn.max('sort').as('sort')).where('store_id', '=', env.storeId).executeTakeFirst();
		const { id } = await tx
			.insertInto('part_zones')
			.values({ store_id: env.storeId, code: input.code, name_zh: input.nameZh, name_en: input.nameEn, kind: input.kind, sort: input.sort ?? (last?.sort == null ? 0 : Number(last.sort) + 1) })
			.returning('id')
			.executeTakeFirstOrThrow();
		const view = await zoneResult(tx, env.storeId, id);
		return { result: view, event: { type: 'zone.created', subjectKind: 'partZone', subjectId: id, data: { code: input.code }, images: [] } };
	}
});

export const updateZone = defineCommand({
	type: 'zone.update',
	permission: () => 'part.manage',
	schema: z.object({
		id: z.number().int().positive(),
		expectedVersion,
		code: zoneFields.code.optional(),
		nameZh: zoneFields.nameZh.optional(),
		nameEn: zoneFields.nameEn.optional(),
		kind: zoneFields.kind.optional(),
		sort: zoneFields.sort.optional()
	}),
	async handle(tx, input, env) {
		const zone = await tx.selectFrom('part_zones').selectAll().where('store_id', '=', env.storeId).where('id', '=', input.id).executeTakeFirst();
		if (!zone) throw new CommandError(404, 'not_found', `zone ${input.id} does not exist`, 'id');
		checkVersion(zone.version, input.expectedVersion, `Zone ${zone.code}`);
		if (input.code) await zoneCodeTaken(tx, env.storeId, input.code, zone.id);
		await tx
			.updateTable('part_zones')
			.set({
				code: input.code ?? zone.code,
				name_zh: input.nameZh ?? zone.name_zh,
				name_en: input.nameEn ?? zone.name_en,
				kind: input.kind ?? zone.kind,
				sort: input.sort ?? zone.sort,
				version: zone.version + 1
			})
			.where('id', '=', zone.id)
			.execute();
		const view = await zoneResult(tx, env.storeId, zone.id);
		return { result: view, event: { type: 'zone.updated', subjectKind: 'partZone', subjectId: zone.id, data: { code: view.code, was: zone.code }, images: [] } };
	}
});

const binFields = {
	code: binCode,
	/** The zone's code (A). */
	zone: zoneCode,
	rack: z.number().int('a whole number').min(1, 'at least 1').max(99, 'at most 99'),
	shelf: z.number().int('a whole number').min(1, 'at least 1 (the floor)').max(20, 'at most 20'),
	position: z.number().int('a whole number').min(1, 'at least 1').max(99, 'at most 99')
};

async function binCodeTaken(tx: Db, storeId: number, code: string, exceptId?: number) {
	let q = tx.selectFrom('part_bins').select('id').where('store_id', '=', storeId).where('code', '=', code);
	if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
	if (await q.executeTakeFirst()) throw new CommandError(409, 'code_taken', `code: bin ${code} already exists in this store`, 'code');
}

/** Two bins at one place on the plan would be drawn on top of each other. */
async function placeTaken(tx: Db, storeId: number, place: { zoneId: number; rack: number; shelf: number; position: number }, exceptId?: number) {
	let q = tx
		.selectFrom('part_bins')
		.select('code')
		.where('store_id', '=', storeId)
		.where('zone_id', '=', place.zoneId)
		.where('rack', '=', place.rack)
		.where('shelf', '=', place.shelf)
		.where('position', '=', place.position);
	if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
	const other = await q.executeTakeFirst();
	if (other) throw new CommandError(409, 'place_taken', `position: bin ${other.code} is already at rack ${place.rack}, shelf ${place.shelf}, position ${place.position}`, 'position', { bin: other.code });
}

export const createBin = defineCommand({
	type: 'bin.create',
	permission: () => 'part.manage',
	schema: z.object({ ...binFields, position: binFields.position.default(1) }),
	async handle(tx, input, env) {
		await binCodeTaken(tx, env.storeId, input.code);
		const zone = await findZone(tx, env.storeId, input.zone);
		await placeTaken(tx, env.storeId, { zoneId: zone.id, rack: input.rack, shelf: input.shelf, position: input.position });
		const { id } = await tx
			.insertInto('part_bins')
			.values({ store_id: env.storeId, zone_id: zone.id, code: input.code, rack: input.rack, shelf: input.shelf, position: input.position })
			.returning('id')
			.executeTakeFirstOrThrow();
		const view = (await binView(tx, env.storeId, id))!;
		return { result: view, event: { type: 'bin.created', subjectKind: 'partBin', subjectId: id, data: { code: input.code, zone: zone.code }, images: [] } };
	}
});

export const updateBin = defineCommand({
	type: 'bin.update',
	permission: () => 'part.manage',
	schema: z.object({
		id: z.number().int().positive(),
		expectedVersion,
		code: binFields.code.optional(),
		zone: binFields.zone.optional(),
		rack: binFields.rack.optional(),
		shelf: binFields.shelf.optional(),
		position: binFields.position.optional()
	}),
	async handle(tx, input, env) {
		const bin = await tx.selectFrom('part_bins').selectAll().where('store_id', '=', env.storeId).where('id', '=', input.id).executeTakeFirst();
		if (!bin) throw new CommandError(404, 'not_found', `bin ${input.id} does not exist`, 'id');
		checkVersion(bin.version, input.expectedVersion, `Bin ${bin.code}`);
		if (input.code) await binCodeTaken(tx, env.storeId, input.code, bin.id);
		const zoneId = input.zone ? (await findZone(tx, env.storeId, input.zone)).id : bin.zone_id;
		const place = { zoneId, rack: input.rack ?? bin.rack, shelf: input.shelf ?? bin.shelf, position: input.position ?? bin.position };
		await placeTaken(tx, env.storeId, place, bin.id);
		await tx
			.updateTable('part_bins')
			.set({ code: input.code ?? bin.code, zone_id: zoneId, rack: place.rack, shelf: place.shelf, position: place.position, version: bin.version + 1 })
			.where('id', '=', bin.id)
			.execute();
		const view: BinView = (await binView(tx, env.storeId, bin.id))!;
		// Pick lists show the bin's code and walk in bin order: those holding its parts are redrawn.
		const held = await tx.selectFrom('parts').select('id').where('store_id', '=', env.storeId).where('bin_id', '=', bin.id).execute();
		const images = await partImages(tx, env.storeId, held.map((p) => p.id));
		// Special orders waiting in this bin show its new code.
		const waiting = await tx.selectFrom('special_orders').select('id').where('store_id', '=', env.storeId).where('bin_id', '=', bin.id).execute();
		for (const o of waiting) images.push(await specialOrderImage(tx, env.storeId, o.id));
		return { result: view, event: { type: 'bin.updated', subjectKind: 'partBin', subjectId: bin.id, data: { code: view.code, was: bin.code }, images } };
	}
});
