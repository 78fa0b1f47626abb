import { fail, redirect } from '@sveltejs/kit';
import { timingSafeEqual } from 'node:crypto';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { CommandError, execute } from '$lib/server/core/commands';
import { createFirstAdmin } from '$lib/server/features/access/commands';
import { hashNewPin } from '$lib/server/features/access/service';
import { systemPrincipal } from '$lib/server/features/access/principal';

export const load: PageServerLoad = async () => {
	const app = await getApp();
	if (!app.setupCode) redirect(303, '/signin');
	return {};
};

function same(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

export const actions: Actions = {
	default: async ({ request }) => {
		const app = await getApp();
		if (!app.setupCode) redirect(303, '/signin');
		const f = await request.formData();
		const name = String(f.get('name') ?? '');
		if (!same(String(f.get('code') ?? '').trim(), app.setupCode)) {
			return fail(403, { name, field: 'code', message: 'code: not the set-up code the server printed at start' });
		}
		const pin = String(f.get('pin') ?? '');
		if (pin !== String(f.get('pin2') ?? '')) return fail(400, { name, field: 'pin2', message: 'pin2: the two PINs differ' });
		try {
			await execute(app.commands, createFirstAdmin, { name, pinHash: await hashNewPin(pin) }, { actor: { ...systemPrincipal, name: 'First-run set-up' } });
		} catch (e) {
			if (e instanceof CommandError) return fail(e.status, { name, field: e.field, message: e.message });
			throw e;
		}
		app.setupCode = null;
		redirect(303, '/signin');
	}
};
