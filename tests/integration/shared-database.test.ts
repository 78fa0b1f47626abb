import { afterEach, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { z } from 'zod';
import { openApp, type App } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { refused, sharedDatabase, startServer } from './harness';
import { CommandError, defineCommand, execute } from '$lib/server/core/commands';
import { isLimited, recordFailure } from '$lib/server/core/limiter';
import { completeSetup, pendingSetupCode } from '$lib/server/features/access/setup';
import { principalOf } from '$lib/server/features/access/who';
import { statusToken } from '$lib/server/features/repair-orders/status-link';
import { withFileLock } from '$lib/server/features/photos/file-lock';

/**
 * Issue 20, item 3: two servers on one database share what used to live in one process's
 * memory: the bad-link and set-up limits, the set-up code, and the Idempotency-Key's answer.
 */
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
});

/** One database (a SQLite file, or PostgreSQL under npm run test:pg), removed after the test. */
async function database() {
	const shared = await sharedDatabase();
	closers.push(() => shared.drop());
	return shared;
}

async function realInstall(where: { dataDir: string; databaseUrl: string | null }, setupCode: string | null = null): Promise<App> {
	const app = await openApp({ ...readSettings({}), dataDir: where.dataDir, databaseUrl: where.databaseUrl, demo: false, setupCode });
	closers.push(() => app.close());
	return app;
}

async function twoServers() {
	const where = await database();
	const a = await startServer(where);
	closers.push(() => a.close());
	const b = await startServer(where);
	closers.push(() => b.close());
	return { a, b };
}

describe('two servers on one database', () => {
	it('count bad customer links together: failures on one make the other refuse, even a good link', async () => {
		const { a, b } = await twoServers();
		const good = statusToken(a.app.statusSecret, (await a.app.db.selectFrom('repair_orders').select('id').orderBy('id').executeTakeFirstOrThrow()).id);
		expect(b.app.statusSecret).toBe(a.app.statusSecret);
		const address = '203.0.113.9';
		expect(await principalOf(b.app, { statusToken: good, address })).not.toBeNull();
		for (let i = 0; i < a.app.linkLimiter.limit; i++) expect(await principalOf(a.app, { statusToken: `bad-${i}`, address })).toBeNull();
		// The other server refuses the good link from that address too, and its photo route answers 429.
		expect(await principalOf(b.app, { statusToken: good, address: '203.0.113.10' })).not.toBeNull();
		expect(await principalOf(b.app, { statusToken: good, address })).toBeNull();
		expect(await isLimited(b.app.db, b.app.linkLimiter, address, b.app.now())).toBe(true);
	});

	it('started together on an empty database, make one store, one epoch and one set-up code between them', async () => {
		const where = await database();
		const apps = await Promise.all([0, 1, 2, 3, 4, 5].map(() => openApp({ ...readSettings({}), dataDir: where.dataDir, databaseUrl: where.databaseUrl, demo: false, setupCode: null })));
		closers.push(...apps.map((app) => () => app.close()));
		const { db } = apps[0];
		expect(await db.selectFrom('stores').select('id').execute()).toHaveLength(1);
		expect(await db.selectFrom('meta').select('value').where('key', 'in', ['epoch', 'setup_code']).execute()).toHaveLength(2);
		expect(new Set(apps.map((app) => app.storeId)).size).toBe(1);
		expect(new Set(apps.map((app) => app.epoch)).size).toBe(1);
		expect(new Set(apps.map((app) => app.setupCode)).size).toBe(1);
	});

	it('keep the limits in a window and prune what left it', async () => {
		const dataDir = await database();
		const a = await realInstall(dataDir);
		const b = await realInstall(dataDir);
		const rule = a.linkLimiter;
		const now = 5_000_000;
		for (let i = 0; i < rule.limit - 1; i++) await recordFailure(i % 2 ? a.db : b.db, rule, '10.0.0.9', now + i);
		expect(await isLimited(b.db, rule, '10.0.0.9', now + 100)).toBe(false);
		await recordFailure(a.db, rule, '10.0.0.9', now + 100);
		expect(await isLimited(b.db, rule, '10.0.0.9', now + 101)).toBe(true);
		expect(await isLimited(b.db, rule, '10.0.0.10', now + 101)).toBe(false);
		expect(await isLimited(a.db, rule, '10.0.0.9', now + 100 + rule.windowMs)).toBe(false);
		// Another scope counts apart.
		expect(await isLimited(a.db, a.setupLimiter.perAddress, '10.0.0.9', now + 101)).toBe(false);
		// A failure after the window deletes the old rows of that scope.
		await recordFailure(b.db, rule, '10.0.0.11', now + 10 * rule.windowMs);
		expect(await a.db.selectFrom('attempts').select(['key']).where('scope', '=', rule.scope).execute()).toEqual([{ key: '10.0.0.11' }]);
	});

	it('print and accept one set-up code, limit wrong ones together, and both forget it once the admin exists', async () => {
		const dataDir = await database();
		const a = await realInstall(dataDir);
		const b = await realInstall(dataDir);
		expect(a.setupCode).toMatch(/^[A-Za-z0-9_-]{8}$/);
		expect(b.setupCode).toBe(a.setupCode);
		const code = a.setupCode!;
		const form = { code: 'WRONG123', name: 'Boss', pin: '482913', pin2: '482913', address: '203.0.113.5' };
		const now = Date.now();
		for (let i = 0; i < 5; i++) expect((await refused(completeSetup(a, form, now + i))).status).toBe(403);
		for (let i = 0; i < 5; i++) expect((await refused(completeSetup(b, form, now + 10 + i))).status).toBe(403);
		// Ten wrong codes across the two servers: that address waits on both.
		expect((await refused(completeSetup(a, { ...form, code }, now + 20))).status).toBe(429);
		expect((await refused(completeSetup(b, { ...form, code }, now + 20))).status).toBe(429);
		// The code typed on the other server than the one that made it.
		await completeSetup(b, { ...form, code, address: '192.0.2.77' }, now + 30);
		expect(b.setupCode).toBeNull();
		expect(await pendingSetupCode(a)).toBeNull();
		expect(a.setupCode).toBeNull();
		expect((await refused(completeSetup(a, { ...form, code, address: '192.0.2.78' }, now + 40))).code).toBe('already_set_up');
		expect(await a.db.selectFrom('meta').select('value').where('key', '=', 'setup_code').executeTakeFirst()).toBeUndefined();
		// A server started afterwards has no code to print.
		expect((await realInstall(dataDir)).setupCode).toBeNull();
	});

	it('use PITWALL_SETUP_CODE when the operator set it, on every server', async () => {
		const dataDir = await database();
		const a = await realInstall(dataDir, 'Operator1');
		const b = await realInstall(dataDir);
		expect([a.setupCode, b.setupCode]).toEqual(['Operator1', 'Operator1']);
		await completeSetup(a, { code: 'Operator1', name: 'Boss', pin: '482913', pin2: '482913', address: 'x' });
		expect(await b.db.selectFrom('users').select('name').execute()).toEqual([{ name: 'Boss' }]);
	});

	it('answer one Idempotency-Key once: the retry on the other server replays the first answer', async () => {
		const { a, b } = await twoServers();
		const authorization = `Bearer ${a.app.demoToken}`;
		const order = await a.app.db.selectFrom('repair_orders').select(['id', 'version']).where('stage', '=', 'in_progress').orderBy('id').executeTakeFirstOrThrow();
		const eventCount = async () => Number((await b.app.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
		const send = (url: string) =>
			fetch(`${url}/api/v1/repair-orders/${order.id}/transitions`, {
				method: 'POST',
				headers: { authorization, 'content-type': 'application/json', 'idempotency-key': 'lb-retry-1' },
				body: JSON.stringify({ action: 'pause', reason: 'parts', expectedVersion: order.version })
			});
		const first = await send(a.url);
		const before = await eventCount();
		const again = await send(b.url);
		expect([first.status, again.status]).toEqual([200, 200]);
		const [one, two] = [await first.json(), await again.json()];
		expect(two).toMatchObject({ seq: one.seq, version: one.version, replayed: true });
		expect(await eventCount()).toBe(before);
	});

	it('refuse the second writer of one key with 409 (nothing written) when both passed the check', async () => {
		const { a, b } = await twoServers();
		// Another server commits the same key between this one's check and its insert (what
		// PostgreSQL allows; SQLite's write lock at BEGIN already orders them).
		const raced = defineCommand({
			type: 'test.raced',
			schema: z.object({}),
			permission: () => 'audit.record',
			async handle(tx, _input, env) {
				await tx.insertInto('idempotency_keys').values({ store_id: env.storeId, caller: 'system:Pitwall', key: 'race-1', command: 'test.raced', fingerprint: 'x', result: '{}', created_at: env.now }).execute();
				return { result: {}, event: { type: 'test.raced', subjectKind: 'test', subjectId: 1, data: {}, images: [] } };
			}
		});
		const { systemPrincipal } = await import('$lib/server/features/access/principal');
		const caller = `system:${systemPrincipal.name}`;
		expect(caller).toBe('system:Pitwall');
		const e = await refused(execute(b.app.commands, raced, {}, { actor: systemPrincipal, idempotencyKey: 'race-1' }));
		expect(e).toBeInstanceOf(CommandError);
		expect([e.status, e.code]).toEqual([409, 'idempotency_key_in_use']);
		expect(await a.app.db.selectFrom('events').select('seq').where('type', '=', 'test.raced').execute()).toEqual([]);
	});

	it.runIf(process.env.PITWALL_TEST_DATABASE_URL)('warn at start, in one line, when every role may connect to the database and so hear its notifications', async () => {
		const where = await database();
		const warned: string[] = [];
		const warn = vi.spyOn(console, 'warn').mockImplementation((...args) => void warned.push(args.join(' ')));
		try {
			await realInstall(where);
			// A throwaway database is made as docs/deploy.md says (connect revoked from public): no warning.
			expect(warned.filter((w) => w.includes('every role may connect'))).toEqual([]);
			const admin = new pg.Client({ connectionString: where.databaseUrl! });
			await admin.connect();
			const name = (await admin.query('select current_database() as name')).rows[0].name as string;
			await admin.query(`grant connect on database ${name} to public`);
			await admin.end();
			await realInstall(where);
			expect(warned.filter((w) => w.includes('every role may connect'))).toEqual([
				`PostgreSQL: every role may connect to this database and so read and send its notifications; run: revoke connect, temporary on database ${name} from public (docs/deploy.md)`
			]);
		} finally {
			warn.mockRestore();
		}
	});

	it.runIf(process.env.PITWALL_TEST_DATABASE_URL)("take one photo file at a time between them: a clean-up on one waits for an upload of the same photo on the other, and another photo's does not", async () => {
		const { a, b } = await twoServers();
		const key = 'a'.repeat(64);
		const done: string[] = [];
		let finish!: () => void;
		const held = new Promise<void>((resolve) => (finish = resolve));
		const upload = withFileLock(a.app.db, a.app.storeId, key, async () => {
			done.push('upload writing');
			await held;
			done.push('upload committed');
		});
		await vi.waitFor(() => expect(done).toEqual(['upload writing']));
		const cleanUp = withFileLock(b.app.db, b.app.storeId, key, async () => void done.push('clean-up'));
		// Another photo's file on the other server is not held up.
		await withFileLock(b.app.db, b.app.storeId, 'b'.repeat(64), async () => void done.push('other photo'));
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(done).toEqual(['upload writing', 'other photo']);
		finish();
		await Promise.all([upload, cleanUp]);
		expect(done).toEqual(['upload writing', 'other photo', 'upload committed', 'clean-up']);
	});
});
