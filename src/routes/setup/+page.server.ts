import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { CommandError } from '$lib/server/core/commands';
import { completeSetup, pendingSetupCode } from '$lib/server/features/access/setup';

export const load: PageServerLoad = async () => {
	const app = await getApp();
	if (!(await pendingSetupCode(app))) redirect(303, '/signin');
	return {};
};

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const app = await getApp();
		if (!(await pendingSetupCode(app))) redirect(303, '/signin');
		const f = await request.formData();
		const text = (key: string) => String(f.get(key) ?? '');
		const name = text('name');
		try {
			await completeSetup(app, { code: text('code'), name, pin: text('pin'), pin2: text('pin2'), group: f.get('group') === '1', address: getClientAddress() });
		} catch (e) {
			if (e instanceof CommandError) return fail(e.status, { name, field: e.field, message: e.message });
			throw e;
		}
		redirect(303, '/signin');
	}
};
