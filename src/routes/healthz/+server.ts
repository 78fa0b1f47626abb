import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { getApp } from '$lib/server/app';
import { engine } from '$lib/server/db/engine';

/**
 * Health for a load balancer and monitoring: 200 while this server answers and its database does,
 * else 503. With several servers each answers for itself (`live.clients`: the sockets on this one).
 */
export async function GET() {
	const app = await getApp();
	try {
		const { seq } = (await app.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst()) ?? {};
		const database =
			engine() === 'postgres'
				? { engine: 'postgres' as const }
				: { engine: 'sqlite' as const, journalMode: (await sql<{ journal_mode: string }>`pragma journal_mode`.execute(app.db)).rows[0]?.journal_mode };
		return json({
			status: 'ok',
			version: app.version,
			database: { status: 'ok', ...database, seq: Number(seq ?? 0), epoch: app.epoch },
			live: { attached: app.live !== null, clients: app.live?.io.engine.clientsCount ?? 0 }
		});
	} catch (error) {
		return json({ status: 'error', version: app.version, database: { status: 'error', engine: engine(), message: String(error) } }, { status: 503 });
	}
}
