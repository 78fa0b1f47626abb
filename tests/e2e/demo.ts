import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { demoDisplayPurpose, demoKey, demoTokenSecret } from '../../src/lib/server/demo-keys';

/** The data folder of the server that playwright.config.ts starts. */
export const e2eDataDir = join(tmpdir(), `pitwall-e2e-${process.env.E2E_PORT ?? 4173}`);

/** The demo's API token and its paired bay board's key, as `npm start` prints them. */
export function demoCredentials(dataDir = e2eDataDir): { token: string; boardKey: string } {
	const db = new Sqlite(join(dataDir, 'pitwall.db'), { readonly: true });
	const { value } = db.prepare("select value from meta where key = 'demo_secret'").get() as { value: string };
	const { id } = db.prepare("select id from displays where board = 'bays' order by id limit 1").get() as { id: number };
	db.close();
	return { token: demoTokenSecret(value), boardKey: demoKey(value, demoDisplayPurpose(id)) };
}

/**
 * Signs in through the real sign-in screen: tap the name tile, type the PIN, press sign in.
 * A tap before the page has hydrated does nothing (on a cold machine that can take a second or
 * two after "load"), so the tile is tapped until its PIN pad is there, and the PIN is checked
 * to have landed before signing in.
 */
export async function signIn(page: Page, name: string, pin: string, device = 'desk') {
	await page.goto(`/signin?device=${device}`);
	const dots = page.locator('form.pad .dots');
	await expect(async () => {
		await page.locator('.tile', { hasText: name }).first().click();
		await expect(dots).toBeVisible({ timeout: 500 });
	}).toPass({ timeout: 20_000 });
	await page.keyboard.type(pin);
	await expect(dots).toHaveAttribute('data-length', String(pin.length));
	await page.getByRole('button', { name: /登录|Sign in/ }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

type Request = import('@playwright/test').APIRequestContext;

/** A repair order as the API returns it (the fields the tests read). */
export type OrderJson = {
	id: number;
	number: string;
	plate: string;
	version: number;
	stage: string;
	operations: { code: string | null; status: string; minutes1: number }[];
	addons: { id: number; status: string; safety: boolean; decidedVia: string | null }[];
	[k: string]: unknown;
};

/** Moves an order along with the demo token, returning the new order (throws on refusal). */
export async function move(request: Request, token: string, order: { id: number; version: number }, action: string, fields: Record<string, unknown> = {}) {
	const res = await request.post(`/api/v1/repair-orders/${order.id}/transitions`, {
		headers: { authorization: `Bearer ${token}` },
		data: { action, expectedVersion: order.version, ...fields }
	});
	const body = await res.json();
	if (res.status() !== 200) throw new Error(`${action} on ${order.id}: ${res.status()} ${JSON.stringify(body)}`);
	return body as OrderJson;
}

export type BayJson = { id: number; code: string; kind: string; inService: boolean; heldBy: { id: number } | null; /** Its lift's hold (issue 15): out of service or a safety inspection overdue. */ hold?: { code: string; reason: string; detail: string | null } | null };

/** The bays as they stand now. */
export async function bays(request: Request, token: string): Promise<BayJson[]> {
	const { items } = await (await request.get('/api/v1/bays', { headers: { authorization: `Bearer ${token}` } })).json();
	return items as BayJson[];
}

/**
 * In the demo every working bay is busy. Frees one of the given kind by moving its job on
 * (as the workshop would) and returns its code. Orders in `keep` (the test's own) are left alone.
 */
export async function freeBay(request: Request, token: string, kind = 'mechanical', keep: number[] = []): Promise<string> {
	const headers = { authorization: `Bearer ${token}` };
	const all = (await bays(request, token)).filter((b) => b.kind === kind && b.inService && !b.hold);
	const free = all.find((b) => !b.heldBy);
	if (free) return free.code;
	const bay = all.find((b) => !keep.includes(b.heldBy!.id))!;
	let order = await (await request.get(`/api/v1/repair-orders/${bay.heldBy!.id}`, { headers })).json();
	const path: Record<string, string[]> = {
		dispatched: ['cancel'],
		in_progress: ['finish', 'team_check_pass'],
		paused: ['resume', 'finish', 'team_check_pass'],
		team_check: ['team_check_pass']
	};
	for (const action of path[order.stage]) order = await move(request, token, order, action, action === 'cancel' ? { reason: 'test: bay needed' } : {});
	return bay.code;
}

let plateNo = Math.floor(Math.random() * 80_000);
/** A plate no other test (and no demo car) uses: a plate may hold only one open order. */
export function uniquePlate(): string {
	plateNo = (plateNo + 1) % 80_000;
	return `粤B·E${String(10_000 + plateNo)}`;
}

/** Checks a car in through the API, as the dealer's system would; returns the new order. */
export async function checkIn(request: Request, token: string, extra: Record<string, unknown> = {}): Promise<OrderJson> {
	const plate = uniquePlate();
	const res = await request.post('/api/v1/repair-orders', {
		headers: { authorization: `Bearer ${token}` },
		data: { vehicle: { plate, model: '卡罗拉 Corolla', colour: '白' }, customer: { name: '测试客户', phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` }, operations: ['MNT-STD'], ...extra }
	});
	const body = await res.json();
	if (res.status() !== 201) throw new Error(`check-in: ${res.status()} ${JSON.stringify(body)}`);
	return body;
}

/**
 * The test's own job in a bay: checked in, submitted and dispatched to a bay freed for it (and
 * started, unless `start: false`). Leaves the orders in `keep` where they are.
 */
export async function jobInBay(
	request: Request,
	token: string,
	options: { team?: string; kind?: string; crewSize?: number; start?: boolean; keep?: number[]; order?: Record<string, unknown> } = {}
): Promise<OrderJson> {
	const created = await checkIn(request, token, { wash: false, ...options.order });
	let o: OrderJson = await move(request, token, created, 'submit');
	const bay = await freeBay(request, token, options.kind ?? 'mechanical', options.keep ?? []);
	o = await move(request, token, o, 'dispatch', { bay, team: options.team ?? 'T1', crewSize: options.crewSize ?? 1 });
	if (options.start !== false) o = await move(request, token, o, 'start');
	return o;
}

/** The test's own car, ready for pickup (worked, checked and passed QC, no wash). */
export async function readyCar(request: Request, token: string): Promise<OrderJson> {
	let o = await jobInBay(request, token);
	for (const a of ['finish', 'team_check_pass', 'qc_pass']) o = await move(request, token, o, a);
	return o;
}

/** An order as the API answers it, with its moments (`…At`, `…Since`, ISO 8601) back as epoch ms, as the domain's arithmetic takes them. */
export function epochTimes<T>(value: T): T {
	if (Array.isArray(value)) return value.map(epochTimes) as T;
	if (value === null || typeof value !== 'object') return value;
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) out[key] = typeof v === 'string' && /(At|Since)$/.test(key) ? Date.parse(v) : epochTimes(v);
	return out as T;
}

/** The lounge TV's key and any order's customer link (`/status/<id>.<HMAC>`), read from the demo database. */
export function demoLinks(dataDir = e2eDataDir): { loungeKey: string; link: (id: number) => string } {
	const db = new Sqlite(join(dataDir, 'pitwall.db'), { readonly: true });
	const meta = (key: string) => (db.prepare('select value from meta where key = ?').get(key) as { value: string }).value;
	const lounge = db.prepare("select id from displays where board = 'lounge' order by id limit 1").get() as { id: number };
	const statusSecret = meta('status_secret');
	const demoSecret = meta('demo_secret');
	db.close();
	return {
		loungeKey: demoKey(demoSecret, demoDisplayPurpose(lounge.id)),
		link: (id: number) => `/status/${id}.${createHmac('sha256', statusSecret).update(`status:${id}`).digest('base64url')}`
	};
}

/** A demo server of the test's own (production build, data in `dataDir`), resolved once it says it is running. */
export function startOwnServer(port: number, dataDir: string): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['src/serve.js'], {
		env: { ...process.env, PORT: String(port), PITWALL_DATA_DIR: dataDir, PITWALL_HEARTBEAT_SECONDS: '1', PITWALL_SKIP_BUILD: '1', ORIGIN: `http://localhost:${port}` },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	return new Promise((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('Pitwall is running')) resolve(child);
		});
		child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
	});
}
