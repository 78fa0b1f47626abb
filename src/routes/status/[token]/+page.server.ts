import { storeSettings } from '$lib/server/core/stores';
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { customerPrincipal, resolveStatusLink } from '$lib/server/features/repair-orders/status-link';
import { customerView } from '$lib/domain/privacy';
import { isLimited, recordFailure } from '$lib/server/core/limiter';
import { CommandError, execute } from '$lib/server/core/commands';
import { decideAddon } from '$lib/server/features/repair-orders/commands';
import { PRELOAD_FIRST } from '$lib/server/preload-first';
import { customerPhotoSrc } from '$lib/components/photos/labels';

/**
 * A customer's own link. Wrong, guessed, expired (7 days after delivery) and cancelled links
 * all get the same plain 404 page; too many bad links from one address get 429 for every link.
 */
const headersSet = new WeakSet<object>();

async function linkedOrder(event: RequestEvent<{ token: string }>) {
	const app = await getApp();
	const now = app.now();
	let address = 'unknown';
	try {
		address = event.getClientAddress();
	} catch {
		// no address (tests): one shared bucket
	}
	// Once per request: a form post without JavaScript runs the action and then the load, and
	// SvelteKit refuses a header set twice (the customer's saved answer would show a 500).
	if (!headersSet.has(event.locals)) {
		headersSet.add(event.locals);
		// same-origin, not no-referrer: the link never leaves in a Referer to another site either way,
		// and with no-referrer Chromium sends a form post's Origin as "null", which SvelteKit refuses
		// (403): the customer's answer without JavaScript was never saved.
		event.setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin', 'x-robots-tag': 'noindex' });
	}
	if (await isLimited(app.db, app.linkLimiter, address, now)) error(429, { message: 'limited' });
	const linked = await resolveStatusLink(app.db, app.statusSecret, event.params.token, now);
	// The estimate at the order's own store's labour rate (a dealer group has one per store).
	const view = linked && customerView(linked.ro, { withAddons: true, labourRate: (await storeSettings(app.db, linked.storeId)).labourRate });
	if (!linked || !view) {
		await recordFailure(app.db, app.linkLimiter, address, now);
		error(404, { message: 'not_valid' });
	}
	return { app, ro: linked.ro, storeId: linked.storeId, view };
}

/** The thumbnails a phone fetches before the page's scripts: each pending finding's first photo, the evidence asked about (at most 6). */
const PRELOADED_FINDINGS = 6;

export const load: PageServerLoad = async (event) => {
	const { view } = await linkedOrder(event);
	// On a 3G phone each request waits for one of six connections, behind ~30 script files; the
	// findings' first thumbnails go first so that the question arrives with its evidence. Only
	// those: other photos of a finding, the walk-around and the declined ones load when shown.
	const first = (view.addons ?? []).flatMap((a) => a.photos.slice(0, 1)).slice(0, PRELOADED_FINDINGS);
	if (first.length && !event.isDataRequest) {
		const src = customerPhotoSrc(event.params.token);
		event.setHeaders({ [PRELOAD_FIRST]: first.map((p) => `<${src(p.id, 'thumb')}>; rel=preload; as=image; fetchpriority=high`).join(', ') });
	}
	return { view, token: event.params.token };
};

export const actions: Actions = {
	/** The customer's yes or no to an add-on, recorded as decided through the link. */
	decide: async (event) => {
		const { app, ro, storeId } = await linkedOrder(event);
		const form = await event.request.formData();
		const addonId = Number(form.get('addonId'));
		const answer = form.get('answer') === 'approve' ? 'approve' : 'decline';
		let version = ro.version;
		for (let attempt = 0; ; attempt++) {
			try {
				await execute(app.commands, decideAddon, { id: ro.id, addonId, approved: answer === 'approve', expectedVersion: version }, { actor: customerPrincipal(ro.id, storeId) });
				return { saved: true, addonId, answer };
			} catch (e) {
				if (e instanceof CommandError && e.code === 'already_decided') {
					return fail(409, { already: e.details.status === 'approved' ? 'approved' : 'declined', addonId });
				}
				// Someone moved the job on meanwhile: the answer still applies to the add-on.
				if (e instanceof CommandError && e.code === 'version_conflict' && attempt < 3) {
					version = Number(e.details.currentVersion);
					continue;
				}
				if (e instanceof CommandError) return fail(e.status, { failed: true, addonId });
				throw e;
			}
		}
	}
};
