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

/**
 * In the demo every working bay is busy. Frees one of the given kind by moving its job on
 * (as the workshop would) and returns its code.
 */
export async function freeBay(request: Request, token: string, kind = 'mechanical'): Promise<string> {
	const headers = { authorization: `Bearer ${token}` };
	const { items } = await (await request.get('/api/v1/bays', { headers })).json();
	const bays = (items as { code: string; kind: string; inService: boolean; heldBy: { id: number } | null }[]).filter((b) => b.kind === kind && b.inService);
	const free = bays.find((b) => !b.heldBy);
	if (free) return free.code;
	const bay = bays[0];
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
