/**
 * The live screens render on the server without going live there: no Socket.IO client, no
 * timer, and nothing of one customer's link kept for the next. Each page component is rendered
 * with `svelte/server`, as SvelteKit renders it, with the data its load returns.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Component } from 'svelte';
import type { CustomerView } from '$lib/live/protocol';

// Every Socket.IO client the process would make goes through `io` (and `Manager` under it).
const made = vi.hoisted(() => ({ io: [] as unknown[][], managers: 0 }));
vi.mock('socket.io-client', async (original) => {
	const real = await original<typeof import('socket.io-client')>();
	const fake = () => ({ connected: false, on() {}, off() {}, emit() {}, disconnect() {}, close() {} });
	const io = (...args: unknown[]) => {
		made.io.push(args);
		return fake();
	};
	class Manager extends real.Manager {
		constructor(...args: ConstructorParameters<typeof real.Manager>) {
			made.managers++;
			super(...args);
		}
	}
	return { ...real, default: io, io, connect: io, Manager };
});

const timeZone = 'America/New_York';
// 2026-11-27 14:05 in New York, 2026-11-28 03:05 in Shanghai.
const at = Date.parse('2026-11-27T19:05:00Z');

/** The request context SvelteKit gives a page (what `$app/state`'s `page` reads on the server). */
function requestContext(data: Record<string, unknown>, path: string) {
	const url = new URL(`http://shop.test${path}`);
	return new Map<string, unknown>([['__request__', { page: { data, url, params: {}, route: { id: path }, status: 200, error: null, form: null, state: {} } }]]);
}

async function renderPage(path: string, module: () => Promise<{ default: Component<never> }>, data: Record<string, unknown>, form: unknown = null) {
	const page = (await module()).default as Component<{ data: Record<string, unknown>; form: unknown }>;
	const full = { timeZone, ...data };
	// Loaded after the page, so both share one (fresh) copy of Svelte's internals.
	const { render } = await import('svelte/server');
	const { head, body } = render(page, { props: { data: full, form }, context: requestContext(full, path) });
	return { head, body };
}

const me = (role: string, teamId: number | null = null) => ({ name: '李娜', role, teamId, idleMs: 10 * 3_600_000 });

const customerView = (id: number, plate: string): CustomerView => ({
	id,
	plate,
	model: '凯美瑞 Camry',
	colour: '珍珠白',
	step: 'in_service',
	wash: true,
	readyAt: at + 2 * 3_600_000,
	ready: false,
	delivered: false,
	addons: []
});

beforeEach(() => {
	// Each test loads the pages afresh: what one render leaves in a module cannot hide in the next test.
	vi.resetModules();
	vi.useFakeTimers({ now: at });
	// Svelte runs onDestroy after a server render, so a page that cleans up there leaves no timer
	// behind: count the timers started at all, not only those still pending.
	vi.spyOn(globalThis, 'setInterval');
	vi.spyOn(globalThis, 'setTimeout');
	made.io.length = 0;
	made.managers = 0;
});
afterEach(() => {
	vi.restoreAllMocks();
	vi.clearAllTimers();
	vi.useRealTimers();
});

function expectNothingLive() {
	expect.soft(made.io, 'a Socket.IO client was made during SSR').toEqual([]);
	expect.soft(made.managers, 'a Socket.IO manager was made during SSR').toBe(0);
	expect.soft(vi.mocked(setInterval).mock.calls.length, 'an interval was started during SSR').toBe(0);
	expect.soft(vi.mocked(setTimeout).mock.calls.length, 'a timeout was started during SSR').toBe(0);
	expect.soft(vi.getTimerCount(), 'a timer is left after SSR').toBe(0);
}

describe('live screens rendered on the server', () => {
	it('the bay board: its empty state and the store clock, with no socket and no timer', async () => {
		const { body } = await renderPage('/board/bays', () => import('../../src/routes/board/bays/+page.svelte'), { viewer: 'display' });
		expectNothingLive();
		expect(body).toContain('data-status="connecting"');
		// The clock is the store's, in the zone the server said (14:05 in New York), not a zone of the code's.
		expect(body).toMatch(/class="clock[^"]*"[^>]*>14:05</);
	});

	it('the lounge', async () => {
		const { body } = await renderPage('/board/lounge', () => import('../../src/routes/board/lounge/+page.svelte'), { viewer: 'display', language: 'both' });
		expectNothingLive();
		expect(body).toContain('data-status="connecting"');
		expect(body).toMatch(/class="clock[^"]*"[^>]*>14:05</);
	});

	it('the service desk', async () => {
		await renderPage('/desk', () => import('../../src/routes/desk/+page.svelte'), { me: me('advisor') });
		expectNothingLive();
	});

	it('the technician tablet', async () => {
		await renderPage('/tech', () => import('../../src/routes/tech/+page.svelte'), { me: me('team_leader', 1) });
		expectNothingLive();
	});

	it('final QC', async () => {
		await renderPage('/qc', () => import('../../src/routes/qc/+page.svelte'), { me: me('qc_inspector') });
		expectNothingLive();
	});

	it("a customer's link: no socket, and nothing of the first customer's link kept for the next", async () => {
		const status = () => import('../../src/routes/status/[token]/+page.svelte');
		const first = '7.first-customer-secret-hmac';
		const second = '8.second-customer-secret-hmac';
		const one = await renderPage(`/status/${first}`, status, { view: customerView(7, '粤B·***45'), token: first });
		expectNothingLive();
		const two = await renderPage(`/status/${second}`, status, { view: customerView(8, '粤A·***12'), token: second });
		expectNothingLive();
		expect(one.body).toContain('data-status-page="7"');
		expect(two.body).toContain('data-status-page="8"');
		expect(two.body).not.toContain('粤B·***45');
		// No socket anywhere in the process carries either link.
		expect(JSON.stringify(made.io)).not.toContain(first);
		expect(JSON.stringify(made.io)).not.toContain(second);
	});
});
