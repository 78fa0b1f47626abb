import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { getApp } from '$lib/server/app';

export async function GET() {
	const app = await getApp();
	try {
		const { seq } = (await app.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst()) ?? {};
		const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(app.db);
		return json({
			status: 'ok',
			version: app.version,
			database: { status: 'ok', journalMode: rows[0]?.journal_mode, seq: Number(seq ?? 0), epoch: app.epoch },
			live: { attached: app.live !== null, clients: app.live?.io.engine.clientsCount ?? 0 }
		});
	} catch (error) {
		return json({ status: 'error', version: app.version, database: { status: 'error', message: String(error) } }, { status: 503 });
	}
}
