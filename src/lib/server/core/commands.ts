import { createHash } from 'node:crypto';
import { z } from 'zod';
import { sql } from 'kysely';
import { onPostgres } from '$lib/server/db/engine';
import { EVENTS_CHANNEL, eventNotice } from '$lib/server/db/postgres';
import type { Db } from '$lib/server/db/database';
import type { EntityImage } from '$lib/server/core/projections';
import { actorOf, systemPrincipal, type Principal } from '$lib/server/features/access/principal';
import { mayRun, tokenWriteCommands, type CommandName } from '$lib/domain/permissions';
import type { CommittedEvent } from '$lib/server/core/hub';
// Used only while a command runs (the list imports every feature, which import this file).
import { modules } from '$lib/server/modules';

export type Actor = Principal;
export const systemActor: Principal = systemPrincipal;

/** A refusal a person can act on: HTTP status, a code, the field at fault and why. */
export class CommandError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 423 | 429 | 503,
		readonly code: string,
		message: string,
		readonly field?: string,
		readonly details: Record<string, unknown> = {}
	) {
		super(message);
	}
	toJSON() {
		return { error: this.code, message: this.message, field: this.field, ...this.details };
	}
}

export interface CommandEnv {
	storeId: number;
	now: number;
	actor: Actor;
}

export interface CommandOutcome<R> {
	result: R;
	event: {
		type: string;
		subjectKind: string;
		subjectId: number;
		data: Record<string, unknown>;
		images: EntityImage[];
	};
}

export interface CommandDefinition<S extends z.ZodType, R> {
	type: string;
	schema: S;
	/** The permission-table entry this input needs. */
	permission: (input: z.output<S>) => CommandName;
	handle(tx: Db, input: z.output<S>, env: CommandEnv): Promise<CommandOutcome<R>>;
}

export function defineCommand<S extends z.ZodType, R>(def: CommandDefinition<S, R>): CommandDefinition<S, R> {
	return def;
}

export interface CommandContext {
	db: Db;
	storeId: number;
	now?: () => number;
	/** Called after each commit with the event row it wrote: the broadcaster sends it. */
	afterCommit?: (event: CommittedEvent) => void;
	/**
	 * This server's name in the commit's notification (PostgreSQL), when `afterCommit` sends the
	 * event: its own hub then leaves the notification to that, rather than reading the event back.
	 */
	origin?: string;
}

export interface Executed<R> {
	result: R;
	seq: number;
	/** True when an earlier command with the same idempotency key already did this. */
	replayed: boolean;
}

export function validationError(error: z.ZodError): CommandError {
	const issue = error.issues[0];
	const field = issue.path.join('.') || undefined;
	return new CommandError(400, 'invalid_input', field ? `${field}: ${issue.message}` : issue.message, field, {
		issues: error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }))
	});
}

/** Refuses, with a message a person understands, what the principal may not do. */
export function authorize(principal: Principal, command: CommandName): void {
	switch (principal.kind) {
		case 'system':
			return;
		case 'display':
			throw new CommandError(403, 'forbidden', `A wall screen can only show the board; it cannot ${command}`);
		case 'token':
			if (principal.scope === 'write' && tokenWriteCommands.includes(command)) return;
			throw new CommandError(403, 'forbidden', `The API token "${principal.name}" (${principal.scope}) may not ${command}`);
		case 'customer':
			// Which order is checked where the add-on is decided.
			if (command === 'addon.decide') return;
			throw new CommandError(403, 'forbidden', `A customer's link may not ${command}`);
		case 'user':
			if (mayRun(principal, command)) return;
			throw new CommandError(403, 'forbidden', `${principal.name} (${principal.role}) may not ${command}`);
	}
}

/** How long an Idempotency-Key holds its answer (then it may be used again, and is pruned). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/**
 * Keys whose first request is still running in this server, per database, store, caller and key
 * (a concurrent retry gets 409 without waiting for the write lock). Per process is enough: the
 * database decides between servers. On SQLite a command's transaction takes the write lock at
 * BEGIN, so a second server's transaction with the same key starts after the first committed and
 * replays its answer; where two could both pass the check (PostgreSQL), the key's primary key
 * refuses the second insert, answered as the same 409 (see `keyTaken`).
 */
const inFlightByDb = new WeakMap<object, Set<string>>();

/** The second writer of one idempotency key, from either engine (SQLite's, PostgreSQL's unique_violation). */
function keyTaken(error: unknown): boolean {
	const e = error as { code?: unknown; message?: unknown } | null;
	const code = String(e?.code ?? '');
	return (code.startsWith('SQLITE_CONSTRAINT') || code === '23505') && /idempotency_keys/.test(String(e?.message ?? '') + String((e as { table?: unknown })?.table ?? '') + String((e as { constraint?: unknown })?.constraint ?? ''));
}

/** The request a key was first used with: the command and its input, with keys in a fixed order. */
function requestFingerprint(command: string, input: unknown): string {
	const canonical = (value: unknown): unknown =>
		Array.isArray(value)
			? value.map(canonical)
			: value !== null && typeof value === 'object'
				? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
				: value;
	return createHash('sha256').update(command).update('\n').update(JSON.stringify(canonical(input))).digest('hex');
}

/** Forgets answers older than IDEMPOTENCY_TTL_MS; returns how many. */
export async function pruneIdempotencyKeys(db: Db, now: number): Promise<number> {
	const { numDeletedRows } = await db.deleteFrom('idempotency_keys').where('created_at', '<=', now - IDEMPOTENCY_TTL_MS).executeTakeFirst();
	return Number(numDeletedRows);
}

/**
 * The one path for a change: validate, then in one write transaction check and write the
 * state and append its event; broadcast only after commit. A retried command with the same
 * idempotency key returns the first result and changes nothing.
 */
export async function execute<S extends z.ZodType, R>(
	ctx: CommandContext,
	def: CommandDefinition<S, R>,
	rawInput: unknown,
	options: { actor: Actor; idempotencyKey?: string | null }
): Promise<Executed<R>> {
	const parsed = def.schema.safeParse(rawInput);
	if (!parsed.success) throw validationError(parsed.error);
	authorize(options.actor, def.permission(parsed.data));
	const key = options.idempotencyKey?.trim() || null;
	if (key !== null && key.length > 200) {
		throw new CommandError(400, 'invalid_input', 'Idempotency-Key: at most 200 characters', 'Idempotency-Key');
	}
	const now = (ctx.now ?? Date.now)();
	// The store is the actor's: nobody reads or writes another store's records.
	const storeId = options.actor.kind === 'system' ? ctx.storeId : options.actor.storeId;
	const actor = actorOf(options.actor);
	const caller = `${actor.kind}:${actor.id ?? actor.name}`;
	const fingerprint = key === null ? '' : requestFingerprint(def.type, parsed.data);
	const flight = `${storeId}\n${caller}\n${key}`;
	let inFlight = inFlightByDb.get(ctx.db);
	if (!inFlight) inFlightByDb.set(ctx.db, (inFlight = new Set()));
	if (key !== null) {
		if (inFlight.has(flight)) {
			throw new CommandError(409, 'idempotency_key_in_use', 'Idempotency-Key: the first request with this key is still being processed; retry shortly', 'Idempotency-Key');
		}
		inFlight.add(flight);
	}
	let committed: CommittedEvent | null = null;
	const executed = await ctx.db
		.transaction()
		.execute(async (tx) => {
			if (key !== null) {
				const seen = await tx
					.selectFrom('idempotency_keys')
					.select(['command', 'fingerprint', 'result'])
					.where('store_id', '=', storeId)
					.where('caller', '=', caller)
					.where('key', '=', key)
					.where('created_at', '>', now - IDEMPOTENCY_TTL_MS)
					.executeTakeFirst();
				if (seen) {
					if (seen.command !== def.type || seen.fingerprint !== fingerprint) {
						throw new CommandError(
							422,
							'idempotency_key_reused',
							`Idempotency-Key was already used for ${seen.command === def.type ? 'a different request' : seen.command}; use a new key for a new request`,
							'Idempotency-Key'
						);
					}
					const stored = JSON.parse(seen.result) as { result: R; seq: number };
					return { ...stored, replayed: true };
				}
				// An expired use of the key (over 24 h) no longer counts.
				await tx.deleteFrom('idempotency_keys').where('store_id', '=', storeId).where('caller', '=', caller).where('key', '=', key).execute();
			}
		const env: CommandEnv = { storeId, now, actor: options.actor };
		const { result, event } = await def.handle(tx, parsed.data, env);
		// The event keeps what the audit needs (the command's fields, which entities it touched);
		// the entities as they now stand go to the screens from memory, and a replay reads the present.
		// Read models kept by the same transaction (the manager's figures): what they rewrote goes out with the event.
		const images = [...event.images];
		for (const module of modules) {
			for (const project of module.projectors ?? []) {
				images.push(...(await project(tx, { storeId, at: now, type: event.type, subjectKind: event.subjectKind, subjectId: event.subjectId, actorName: actor.name, data: event.data })));
			}
		}
		const payload = JSON.stringify({ data: event.data, entities: images.map(({ kind, id }) => ({ kind, id })) });
		const row = {
			store_id: storeId,
			at: now,
			actor_kind: actor.kind,
			actor_id: actor.id,
			actor_name: actor.name,
			type: event.type,
			subject_kind: event.subjectKind,
			subject_id: event.subjectId,
			payload
		};
		// On PostgreSQL the other servers' hubs hear of it at commit, with the entities as this server sends
		// them when they fit: the insert and its notification in one statement, one round trip. (On SQLite
		// every server reads the file at each heartbeat.)
		const notice = onPostgres() ? eventNotice(ctx.origin, { store_id: storeId, at: now, type: event.type, subject_id: event.subjectId, images }) : null;
		const { seq } = notice
			? await tx
					.with('e', (w) => w.insertInto('events').values(row).returning('seq'))
					.selectFrom('e')
					.select(['e.seq', sql<string>`pg_notify(${EVENTS_CHANNEL}, ${notice.before}::text || e.seq::text || ${notice.after}::text)`.as('notified')])
					.executeTakeFirstOrThrow()
			: await tx.insertInto('events').values(row).returning('seq').executeTakeFirstOrThrow();
		committed = { seq, store_id: storeId, at: now, payload, type: event.type, subject_id: event.subjectId, images };
		if (key !== null) {
			try {
				await tx
					.insertInto('idempotency_keys')
					.values({ store_id: storeId, caller, key, command: def.type, fingerprint, result: JSON.stringify({ result, seq }), created_at: now })
					.execute();
			} catch (error) {
				// Another server wrote this key since the check: nothing of ours is kept; the retry replays its answer.
				if (keyTaken(error)) throw new CommandError(409, 'idempotency_key_in_use', 'Idempotency-Key: the first request with this key is still being processed; retry shortly', 'Idempotency-Key');
				throw error;
			}
		}
		return { result, seq, replayed: false };
	})
		.finally(() => {
			if (key !== null) inFlight!.delete(flight);
		});
	if (!executed.replayed && committed) ctx.afterCommit?.(committed);
	return executed;
}

/** The version of the record the caller saw: every change names it. */
export const expectedVersion = z.number().int().min(1);

/** Optimistic concurrency: a stale write is told the current version, never applied. */
export function checkVersion(current: number, expected: number, what: string): void {
	if (current !== expected) {
		throw new CommandError(
			409,
			'version_conflict',
			`${what} was changed by someone else (now version ${current}, you sent ${expected})`,
			'expectedVersion',
			{ currentVersion: current }
		);
	}
}
