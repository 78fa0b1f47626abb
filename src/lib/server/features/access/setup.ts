import { timingSafeEqual } from 'node:crypto';
import type { App } from '$lib/server/app';
import { CommandError, execute } from '$lib/server/core/commands';
import { createFirstAdmin } from './commands';
import { hashNewPin } from './service';
import { systemPrincipal } from './principal';

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
	address: string;
}

/**
 * A real install's first run: the person at the server types the code it printed and becomes
 * the admin. Wrong codes are limited like pairing codes: 10 per address in 10 minutes, and 50
 * from everywhere (there is one person doing this, once); past that every try is refused, so
 * the code cannot be guessed at speed.
 */
export async function completeSetup(app: App, form: SetupForm, now = Date.now()): Promise<void> {
	if (!app.setupCode) throw new CommandError(409, 'already_set_up', 'This shop already has an admin', 'code');
	const { perAddress, overall } = app.setupLimiter;
	if (perAddress.limited(form.address, now) || overall.limited('all', now)) {
		throw new CommandError(429, 'slow_down', 'code: too many wrong codes; wait ten minutes, or restart the server for a new code', 'code');
	}
	if (!same(form.code.trim(), app.setupCode)) {
		perAddress.fail(form.address, now);
		overall.fail('all', now);
		throw new CommandError(403, 'wrong_code', 'code: not the set-up code the server printed at start', 'code');
	}
	if (form.pin !== form.pin2) throw new CommandError(400, 'invalid_input', 'pin2: the two PINs differ', 'pin2');
	await execute(app.commands, createFirstAdmin, { name: form.name, pinHash: await hashNewPin(form.pin) }, { actor: { ...systemPrincipal, name: 'First-run set-up' } });
	app.setupCode = null;
}
