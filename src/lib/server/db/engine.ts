/**
 * Which database engine this process talks to. A Pitwall server opens one database: SQLite (the
 * embedded default) or PostgreSQL (PITWALL_DATABASE_URL, a dealer group). The few places whose SQL
 * differs between the two ask here; everything else is Kysely's query builder, the same on both.
 */
export type Engine = 'sqlite' | 'postgres';

let current: Engine | null = null;

/** Set once by the database that opens first; a second engine in one process is a mistake. */
export function useEngine(engine: Engine): void {
	if (current !== null && current !== engine) throw new Error(`this process already uses ${current}; it cannot also open ${engine}`);
	current = engine;
}

export function engine(): Engine {
	return current ?? 'sqlite';
}

export const onPostgres = (): boolean => engine() === 'postgres';
