/**
 * The parts kiosk renders on the server without going live there (as the other live screens do,
 * tests/integration/ssr.test.ts): no Socket.IO client, no timer, no search request; the plan of
 * the room and the store's clock are in the first paint.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Component } from 'svelte';

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

const timeZone = 'Asia/Shanghai';
// 2026-11-28 03:05 in Shanghai.
const at = Date.parse('2026-11-27T19:05:00Z');

function requestContext(data: Record<string, unknown>, path: string) {
	const url = new URL(`http://shop.test${path}`);
	return new Map<string, unknown>([['__request__', { page: { data, url, params: {}, route: { id: path }, status: 200, error: null, form: null, state: {} } }]]);
}

async function renderKiosk(data: Record<string, unknown>) {
	const page = (await import('../../src/routes/kiosk/parts/+page.svelte')).default as unknown as Component<{ data: Record<string, unknown>; form: unknown }>;
	const full = { timeZone, ...data };
	const { render } = await import('svelte/server');
	return render(page, { props: { data: full, form: null }, context: requestContext(full, '/kiosk/parts') });
}

const store = { nameZh: '广汽丰田天河店', nameEn: 'GAC Toyota Tianhe', opensAt: '08:30', closesAt: '18:00' };
const binMap = {
	zones: [{ id: 1, code: 'A', nameZh: '常用件区', nameEn: 'Common parts', kind: 'common', sort: 0, version: 1 }],
	bins: [{ id: 1, zoneId: 1, zoneCode: 'A', code: 'A-1-1-1', rack: 1, shelf: 1, position: 1, version: 1 }]
};

beforeEach(() => {
	vi.resetModules();
	vi.useFakeTimers({ now: at });
	vi.spyOn(globalThis, 'setInterval');
	vi.spyOn(globalThis, 'setTimeout');
	vi.spyOn(globalThis, 'fetch');
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
	expect.soft(vi.mocked(fetch).mock.calls.length, 'a request was made during SSR').toBe(0);
	expect.soft(vi.getTimerCount(), 'a timer is left after SSR').toBe(0);
}

describe('the parts kiosk rendered on the server', () => {
	it('for a picker: connecting, the store clock, sign-out, no socket and no timer', async () => {
		const { body } = await renderKiosk({ me: { name: '周敏', role: 'parts', idleMs: 120_000, mayIssue: true }, store, binMap });
		expectNothingLive();
		expect(body).toContain('data-status="connecting"');
		expect(body).toContain('data-mode="picker"');
		expect(body).toMatch(/data-clock[^>]*>03:05</);
		expect(body).toContain('data-action="sign-out"');
	});

	it('for a screen paired to the parts board: read-only, with "sign in to pick" back to the kiosk', async () => {
		const { body } = await renderKiosk({ me: null, store, binMap });
		expectNothingLive();
		expect(body).toContain('data-mode="display"');
		expect(body).toContain('href="/signin?device=kiosk&amp;next=%2Fkiosk%2Fparts"');
		expect(body).not.toContain('data-action="sign-out"');
	});
});
