import { timingSafeEqual } from 'node:crypto';
import type { App } from '$lib/server/app';
import { CommandError, execute } from '$lib/server/core/commands';
import { createFirstAdmin } from './commands';
import { hashNewPin } from './service';
import { systemPrincipal } from './principal';
import { isLimited, recordFailure } from '$lib/server/core/limiter';
import { randomToken } from './secrets';
import type { Db } from '$lib/server/db/database';

/**
 * The set-up code is one per database (meta.setup_code), not one per server: every server on the
 * database prints the same code and accepts it (issue 20). It is kept as typed, not hashed, because
 * a server that did not make it must still print it; whoever can read the database owns the store
 * anyway (its status-link secret sits in meta the same way). It is deleted in the transaction that
 * creates the first admin (createFirstAdmin).
 */
const SETUP_CODE = 'setup_code';

/** The code for a shop with no staff yet (PITWALL_SETUP_CODE when set, else one made once); null once there is staff. */
export async function ensureSetupCode(db: Db, wanted: string | null): Promise<string | null> {
	const hasUsers = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
	if (hasUsers) {
		// Staff made some other way (a restore, an import): the code has no more use.
		if (await setupCodeOf(db)) await db.deleteFrom('meta').where('key', '=', SETUP_CODE).execute();
		return null;
	}
	const value = wanted ?? randomToken(6);
	await db
		.insertInto('meta')
		.values({ key: SETUP_CODE, value })
		// The operator's own code wins; a made-up one never replaces another server's.
		.onConflict((oc) => (wanted ? oc.column('key').doUpdateSet({ value }) : oc.column('key').doNothing()))
		.execute();
	return setupCodeOf(db);
}

/** The set-up code as the database holds it now (null once the first admin exists). */
export async function setupCodeOf(db: Db): Promise<string | null> {
	return (await db.selectFrom('meta').select('value').where('key', '=', SETUP_CODE).executeTakeFirst())?.value ?? null;
}

/** Whether the shop still waits for its first admin: asks the database only while this server thought so (another server may have finished set-up). */
export async function pendingSetupCode(app: App): Promise<string | null> {
	if (app.setupCode === null) return null;
	app.setupCode = await setupCodeOf(app.db);
	return app.setupCode;
}

function same(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

export interface SetupForm {
	code: string;
	name: string;
	pin: string;
	pin2: string;
	/** A dealer group's deployment: the first person is the group admin (opens stores), not one store's admin. */
	group?: boolean;
	address: string;
}

/**
 * A real install's first run: the person at the server types the code it printed and becomes
 * the admin. Wrong codes are limited like pairing codes: 10 per address in 10 minutes, and 50
 * from everywhere (there is one person doing this, once); past that every try is refused, so
 * the code cannot be guessed at speed.
 */
export async function completeSetup(app: App, form: SetupForm, now = Date.now()): Promise<void> {
	const code = await setupCodeOf(app.db);
	if (!code) {
		app.setupCode = null;
		throw new CommandError(409, 'already_set_up', 'This shop already has an admin', 'code');
	}
	const { perAddress, overall } = app.setupLimiter;
	if ((await isLimited(app.db, perAddress, form.address, now)) || (await isLimited(app.db, overall, 'all', now))) {
		throw new CommandError(429, 'slow_down', 'code: too many wrong codes; wait ten minutes', 'code');
	}
	if (!same(form.code.trim(), code)) {
		await recordFailure(app.db, perAddress, form.address, now);
		await recordFailure(app.db, overall, 'all', now);
		throw new CommandError(403, 'wrong_code', 'code: not the set-up code the server printed at start', 'code');
	}
	if (form.pin !== form.pin2) throw new CommandError(400, 'invalid_input', 'pin2: the two PINs differ', 'pin2');
	await execute(app.commands, createFirstAdmin, { name: form.name, pinHash: await hashNewPin(form.pin), group: form.group ?? false }, { actor: { ...systemPrincipal, name: 'First-run set-up' } });
	app.setupCode = null;
}
