import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '$lib/server/app';
import { readSettings } from '$lib/server/settings';
import { searchCatalogue } from '$lib/server/features/workshop/repository';

/**
 * Searches read what was typed literally on either engine: `%`, `_` and `\` match only themselves
 * (PostgreSQL takes `\` as an escape by default, SQLite has none), and case is ignored on both.
 */
let app: App;
beforeAll(async () => {
	app = await openApp({ ...readSettings({}), dataDir: ':memory:', demo: false });
	const row = { store_id: app.storeId, category: 'maintenance', minutes_1: 45, minutes_2: 30 };
	await app.db
		.insertInto('standard_times')
		.values([
			{ ...row, code: 'OIL-5W30', name_zh: '机油 5W-30', name_en: 'Oil 5W-30' },
			{ ...row, code: 'TYRE_ROT', name_zh: '轮胎换位', name_en: 'Tyre rotation 100%' },
			{ ...row, code: 'PATH-X', name_zh: '路径 a\\b', name_en: 'Path a\\b' }
		])
		.execute();
});
afterAll(() => app?.close());

const codes = async (q: string) => (await searchCatalogue(app.db, app.storeId, q)).map((r) => r.code).sort();

describe('a search for what was typed', () => {
	it('finds %, _ and \\ only where they are, and ignores case', async () => {
		expect(await codes('100%')).toEqual(['TYRE_ROT']);
		expect(await codes('%')).toEqual(['TYRE_ROT']);
		expect(await codes('_')).toEqual(['TYRE_ROT']);
		expect(await codes('a\\b')).toEqual(['PATH-X']);
		expect(await codes('oil-5w')).toEqual(['OIL-5W30']);
		expect(await codes('5W-30')).toEqual(['OIL-5W30']);
	});
});
