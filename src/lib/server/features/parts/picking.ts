import { z } from 'zod';
import { closedStages } from '$lib/domain/repair-order';
import type { Db } from '$lib/server/db/database';
import { CommandError, defineCommand, type CommandEnv } from '$lib/server/core/commands';
import type { EntityImage } from '$lib/server/core/projections';
import { repairOrderView } from '$lib/server/features/repair-orders/repository';
import { MAX_PARTS_LINES } from '$lib/server/features/repair-orders/commands';
import { toStoreLocal } from '$lib/domain/time';
import { actorOf } from '$lib/server/features/access/principal';
import { issuable, lineForCode, nextToPick, shortages, slipCounter, slipNumber, slipTotal } from '$lib/domain/picking';
import { partByCode, partView } from './repository';
import { recordMovement } from './commands';
import { draftSpecialOrder } from './special-orders';
import { issueSlipView, pickListImagesForPart, pickListView, type IssueSlipView } from './picking-repository';
import type { PickLineView, PickListView } from './views';

/**
 * The parts room's picking: the picker adds parts to a request asked for in words, confirms each
 * line by scanning (or tapping) the part in hand, and issues the lot to a technician who confirms
 * with their PIN. Every command sends the pick list (the kiosk) and its repair order (the tablet
 * and the desk read `partsRequests` there), so "parts ready" shows everywhere at once.
 */

const requestId = z.number().int().positive();
const qty = z.number().int().min(1).max(999);

/** The request as it stands in this store, still to be picked; or the refusal. */
async function openRequest(tx: Db, env: CommandEnv, id: number): Promise<PickListView> {
	const list = await pickListView(tx, env.storeId, id);
	if (!list) throw new CommandError(404, 'not_found', `parts request ${id} does not exist`, 'id');
	if (list.status === 'issued') {
		throw new CommandError(409, 'already_issued', `the parts of request ${id} (${list.roNumber}) were already issued to ${list.receivedByName ?? '?'}`, 'id', { slipNumber: list.slipNumber });
	}
	if (closedStages.includes(list.roStage)) {
		throw new CommandError(409, 'order_closed', `${list.roNumber} is ${list.roStage}: its parts are no longer needed`, 'id', { stage: list.roStage });
	}
	return list;
}

/** The pick list and its repair order as they now stand: what every picking command sends. */
async function images(tx: Db, env: CommandEnv, list: PickListView): Promise<{ list: PickListView; images: EntityImage[] }> {
	const now = (await pickListView(tx, env.storeId, list.id))!;
	const order = await repairOrderView(tx, list.repairOrderId, env.storeId);
	return {
		list: now,
		images: [
			{ kind: 'pickList', id: now.id, value: now },
			{ kind: 'repairOrder', id: list.repairOrderId, value: order ?? null }
		]
	};
}

/** The picker has started: the first confirm (or added line) takes the request from open to picking. */
async function takeUp(tx: Db, env: CommandEnv, list: PickListView): Promise<void> {
	await tx
		.updateTable('parts_requests')
		.set(
			list.status === 'open'
				? { status: 'picking', picker_name: env.actor.name, picking_since: env.now, version: list.version + 1 }
				: { version: list.version + 1 }
		)
		.where('id', '=', list.id)
		.execute();
}

const partBrief = (p: { number: string; nameZh: string; nameEn: string; binCode: string | null }) => ({ number: p.number, nameZh: p.nameZh, nameEn: p.nameEn, binCode: p.binCode });

export const addLineInput = z.object({ partId: z.number().int().positive(), qty });

/**
 * The picker adds a part to a request (one asked for in words: "front brake pads"). A part
 * already on the list gets the quantity added and must be confirmed again.
 */
export const addPickLine = defineCommand({
	type: 'partsRequest.addLine',
	permission: () => 'partsRequest.pick',
	schema: addLineInput.extend({ id: requestId }),
	async handle(tx, input, env) {
		const list = await openRequest(tx, env, input.id);
		const part = await partView(tx, env.storeId, input.partId);
		if (!part) throw new CommandError(404, 'not_found', `partId: no part ${input.partId} in this store's catalogue`, 'partId');
		const existing = list.lines.find((l) => l.partId === part.id);
		if (existing) {
			if (existing.qty + input.qty > 999) {
				throw new CommandError(400, 'invalid_input', `qty: at most 999 of one part (${existing.qty} already on the list)`, 'qty');
			}
			await tx.updateTable('parts_request_lines').set({ qty: existing.qty + input.qty, confirmed_at: null, confirmed_by: null }).where('id', '=', existing.id).execute();
		} else {
			if (list.lines.length >= MAX_PARTS_LINES) throw new CommandError(409, 'too_many', `partId: at most ${MAX_PARTS_LINES} parts on one request`, 'partId');
			await tx.insertInto('parts_request_lines').values({ request_id: list.id, part_id: part.id, qty: input.qty }).execute();
		}
		await takeUp(tx, env, list);
		const out = await images(tx, env, list);
		return {
			result: out.list,
			event: {
				type: 'partsRequest.lineAdded',
				subjectKind: 'repairOrder',
				subjectId: list.repairOrderId,
				data: { requestId: list.id, number: list.roNumber, part: part.number, qty: input.qty },
				images: out.images
			}
		};
	}
});

export const confirmInput = z
	.object({
		/** What the scanner read or the picker typed: the part number or its barcode (case and dashes ignored). */
		code: z.string().trim().min(1).max(64).optional(),
		/** The line tapped on the screen. */
		lineId: z.number().int().positive().optional()
	})
	.refine((v) => (v.code === undefined) !== (v.lineId === undefined), { message: 'send the scanned code or the line tapped (one of them)', path: ['code'] });

/**
 * The right part is in the picker's hand: a scan (or the number typed) or a tap confirms its
 * line. A scan of a known part that is not on the list is refused with the part expected next
 * (in walking order), so the picker goes back to the right shelf.
 */
export const confirmPickLine = defineCommand({
	type: 'partsRequest.confirm',
	permission: () => 'partsRequest.pick',
	schema: z.intersection(z.object({ id: requestId }), confirmInput),
	async handle(tx, input, env) {
		const list = await openRequest(tx, env, input.id);
		let line: PickLineView | undefined;
		if (input.lineId !== undefined) {
			line = list.lines.find((l) => l.id === input.lineId);
			if (!line) throw new CommandError(404, 'not_found', `lineId: line ${input.lineId} is not on this pick list`, 'lineId');
		} else {
			const code = input.code!;
			line = lineForCode(list.lines, code);
			if (!line) {
				const scanned = await partByCode(tx, env.storeId, code);
				if (!scanned) throw new CommandError(404, 'unknown_code', `code: "${code}" is no part number or barcode in this store`, 'code', { code });
				const expected = nextToPick(list.lines);
				throw new CommandError(
					409,
					'wrong_part',
					expected
						? `code: ${scanned.number} (${scanned.nameZh}) is not on this list; next is ${expected.number} (${expected.nameZh}) at ${expected.binCode ?? 'no bin'}`
						: `code: ${scanned.number} (${scanned.nameZh}) is not on this list`,
					'code',
					{ expected: expected ? partBrief(expected) : null, scanned: { id: scanned.id, ...partBrief(scanned) } }
				);
			}
		}
		if (line.confirmedAt === null) {
			await tx.updateTable('parts_request_lines').set({ confirmed_at: env.now, confirmed_by: env.actor.name }).where('id', '=', line.id).execute();
			await takeUp(tx, env, list);
		}
		const out = await images(tx, env, list);
		return {
			result: out.list,
			event: {
				type: 'partsRequest.confirmed',
				subjectKind: 'repairOrder',
				subjectId: list.repairOrderId,
				data: { requestId: list.id, number: list.roNumber, lineId: line.id, part: line.number, by: input.code !== undefined ? 'scan' : 'tap' },
				images: out.images
			}
		};
	}
});

/** The store's calendar day of `now`: 'YYYY-MM-DD'. */
async function storeDay(tx: Db, storeId: number, now: number): Promise<string> {
	const { time_zone } = await tx.selectFrom('stores').select('time_zone').where('id', '=', storeId).executeTakeFirstOrThrow();
	return toStoreLocal(now, time_zone).slice(0, 10);
}

/** The day's next slip number in this store (CK20261130-001, -002, …). */
async function nextSlipNumber(tx: Db, storeId: number, now: number): Promise<string> {
	const day = await storeDay(tx, storeId, now);
	const prefix = slipNumber(day, 1).slice(0, -3);
	const last = await tx
		.selectFrom('issue_slips')
		.select('number')
		.where('store_id', '=', storeId)
		.where('number', 'like', `${prefix}%`)
		.orderBy('id', 'desc')
		.execute();
	const highest = last.reduce((n, r) => Math.max(n, slipCounter(r.number, day)), 0);
	return slipNumber(day, highest + 1);
}

const shortList = (lines: (PickLineView & { want: number })[]) =>
	lines.map((l) => ({ partId: l.partId, number: l.number, nameZh: l.nameZh, nameEn: l.nameEn, want: l.want, onHand: l.onHand }));

function shortageError(lines: (PickLineView & { want: number })[]): CommandError {
	const names = lines.map((l) => `${l.number} ${l.nameZh} (${l.onHand}/${l.want})`).join(', ');
	return new CommandError(409, 'shortage', `orderShortage: not enough on the shelf: ${names}. Issue what there is and order the rest with orderShortage: true`, 'orderShortage', { short: shortList(lines) });
}

export const issueInput = z.object({
	/** The technician who takes the parts (users.id): one of the pick list's receivers. */
	receiverId: z.number().int().positive(),
	/** When some lines are short: issue what is on the shelf and draft a special order for the rest. */
	orderShortage: z.boolean().default(false)
});

export interface IssueResult {
	pickList: PickListView;
	/** null only when nothing at all was on the shelf (the whole request went to a special order). */
	slip: IssueSlipView | null;
	specialOrderId: number | null;
}

/**
 * The parts leave the room (出库): every line confirmed, the receiver one of the job's
 * technicians (their PIN was checked by the caller: the API route checks it before this runs).
 * In one transaction: stock down (only while it lasts: two pickers racing for the last unit
 * cannot both have it), the issue slip with its lines at their prices, a movement per part,
 * the request issued. A shortage is refused with nothing written, unless `orderShortage`: then
 * what is there is issued and a special order drafted for the rest.
 */
export const issueParts = defineCommand({
	type: 'partsRequest.issue',
	permission: () => 'partsRequest.issue',
	schema: issueInput.extend({ id: requestId }),
	async handle(tx, input, env): Promise<{ result: IssueResult; event: { type: string; subjectKind: string; subjectId: number; data: Record<string, unknown>; images: EntityImage[] } }> {
		const list = await openRequest(tx, env, input.id);
		if (list.lines.length === 0) throw new CommandError(409, 'no_lines', `id: request ${list.id} has no parts on it yet; add the parts asked for ("${list.note}") first`, 'id');
		const unconfirmed = list.lines.filter((l) => l.confirmedAt === null);
		if (unconfirmed.length) {
			throw new CommandError(409, 'not_confirmed', `id: scan or tap every part first (${unconfirmed.map((l) => l.number).join(', ')} not confirmed)`, 'id', {
				unconfirmed: unconfirmed.map((l) => ({ lineId: l.id, ...partBrief(l) }))
			});
		}
		const receiver = list.receivers.find((r) => r.userId === input.receiverId);
		if (!receiver) {
			throw new CommandError(400, 'invalid_input', `receiverId: only a technician on ${list.roNumber} may take its parts (${list.receivers.map((r) => r.name).join(', ') || 'nobody on the job has a sign-in'})`, 'receiverId');
		}
		const short = shortages(list.lines);
		if (short.length && !input.orderShortage) throw shortageError(short);

		// Stock down, each only while it lasts: the update that finds too little changes nothing.
		const handed = list.lines.map((l) => ({ line: l, ...issuable(l) }));
		const stockAfter = new Map<number, number>();
		for (const h of handed) {
			if (h.issue === 0) continue;
			const done = await tx
				.updateTable('parts')
				.set((eb) => ({ on_hand: eb('on_hand', '-', h.issue), last_issued_at: env.now, version: eb('version', '+', 1) }))
				.where('id', '=', h.line.partId)
				.where('store_id', '=', env.storeId)
				.where('on_hand', '>=', h.issue)
				.returning('on_hand')
				.executeTakeFirst();
			// Someone took it since this transaction read it (cannot happen under one writer; kept as the guard).
			if (!done) throw shortageError([{ ...h.line, want: h.line.qty }]);
			stockAfter.set(h.line.partId, done.on_hand);
		}

		const issuedLines = handed.filter((h) => h.issue > 0);
		let slip: IssueSlipView | null = null;
		let slipId: number | null = null;
		if (issuedLines.length) {
			const prices = new Map(
				(await tx.selectFrom('parts').select(['id', 'price', 'bin_id']).where('id', 'in', issuedLines.map((h) => h.line.partId)).execute()).map((p) => [p.id, p])
			);
			const slipLines = issuedLines.map((h) => ({ part_id: h.line.partId, number: h.line.number, name_zh: h.line.nameZh, name_en: h.line.nameEn, qty: h.issue, unit_price: prices.get(h.line.partId)!.price }));
			const actor = actorOf(env.actor);
			const { id } = await tx
				.insertInto('issue_slips')
				.values({
					store_id: env.storeId,
					number: await nextSlipNumber(tx, env.storeId, env.now),
					repair_order_id: list.repairOrderId,
					request_id: list.id,
					issued_by_id: actor.id,
					issued_by_name: actor.name,
					received_by_id: receiver.userId,
					received_by_name: receiver.name,
					total: slipTotal(slipLines.map((l) => ({ qty: l.qty, unitPrice: l.unit_price }))),
					issued_at: env.now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			slipId = id;
			await tx.insertInto('issue_slip_lines').values(slipLines.map((l) => ({ ...l, slip_id: id }))).execute();
			for (const h of issuedLines) {
				await recordMovement(tx, env, {
					partId: h.line.partId,
					kind: 'issue',
					qty: -h.issue,
					onHandAfter: stockAfter.get(h.line.partId)!,
					fromBinId: prices.get(h.line.partId)!.bin_id,
					repairOrderId: list.repairOrderId,
					slipId: id
				});
			}
		}
		for (const h of handed) await tx.updateTable('parts_request_lines').set({ issued_qty: h.issue }).where('id', '=', h.line.id).execute();

		const extra: EntityImage[] = [];
		let specialOrderId: number | null = null;
		const missing = handed.filter((h) => h.missing > 0);
		if (missing.length) {
			const drafted = await draftForShortage(tx, env, list, missing.map((h) => ({ partId: h.line.partId, number: h.line.number, name: h.line.nameZh, qty: h.missing })));
			specialOrderId = drafted.id;
			extra.push(...drafted.images);
		}
		await tx
			.updateTable('parts_requests')
			.set({
				status: 'issued',
				issued_at: env.now,
				slip_id: slipId,
				received_by_name: receiver.name,
				short: missing.length ? 1 : 0,
				picker_name: list.pickerName ?? env.actor.name,
				picking_since: list.pickingSince ?? env.now,
				version: list.version + 1
			})
			.where('id', '=', list.id)
			.execute();
		if (slipId !== null) slip = (await issueSlipView(tx, env.storeId, slipId))!;
		const out = await images(tx, env, list);
		// Other lists waiting for these parts show the stock that is left.
		const others = new Map<number, EntityImage>();
		for (const h of issuedLines) for (const image of await pickListImagesForPart(tx, env.storeId, h.line.partId)) if (image.id !== list.id) others.set(image.id, image);
		return {
			result: { pickList: out.list, slip, specialOrderId },
			event: {
				type: 'partsRequest.issued',
				subjectKind: 'repairOrder',
				subjectId: list.repairOrderId,
				data: {
					requestId: list.id,
					number: list.roNumber,
					slip: slip?.number ?? null,
					total: slip?.total ?? 0,
					receivedBy: receiver.name,
					short: missing.map((h) => ({ part: h.line.number, qty: h.missing })),
					specialOrderId
				},
				images: [...out.images, ...others.values(), ...extra]
			}
		};
	}
});

/** The special order for what the shelf could not give (special-orders.ts drafts it in this transaction). */
function draftForShortage(tx: Db, env: CommandEnv, list: PickListView, lines: { partId: number; number: string; name: string; qty: number }[]): Promise<{ id: number; images: EntityImage[] }> {
	return draftSpecialOrder(tx, env, { repairOrderId: list.repairOrderId, lines, note: `${list.roNumber} · ${list.plate}${list.note ? ` · ${list.note}` : ''}` });
}
