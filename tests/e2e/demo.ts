import Sqlite from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
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

/** Signs in through the real sign-in screen: tap the name tile, type the PIN, press sign in. */
export async function signIn(page: Page, name: string, pin: string, device = 'desk') {
	await page.goto(`/signin?device=${device}`);
	await page.locator('.tile', { hasText: name }).first().click();
	await page.keyboard.type(pin);
	await page.getByRole('button', { name: /登录|Sign in/ }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}
