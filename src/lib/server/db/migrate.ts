import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database';

// Bundled at build time, so the production server needs no migration files on disk.
const modules = import.meta.glob<Migration>('/db/migrations/*.ts', { eager: true });

export const migrationProvider: MigrationProvider = {
	async getMigrations() {
		const migrations: Record<string, Migration> = {};
		for (const [path, module] of Object.entries(modules)) {
			const name = path.split('/').pop()!.replace(/\.ts$/, '');
			migrations[name] = module;
		}
		return migrations;
	}
};

export async function migrateToLatest(db: Db): Promise<string[]> {
	const migrator = new Migrator({ db, provider: migrationProvider });
	const { error, results } = await migrator.migrateToLatest();
	if (error) throw error instanceof Error ? error : new Error(String(error));
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
