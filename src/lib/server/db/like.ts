import { sql, type RawBuilder } from 'kysely';

/**
 * A `like` pattern that finds `text` anywhere, whatever it holds: its `%`, `_` and `\` match
 * themselves on both engines (PostgreSQL reads `\` as an escape by default, SQLite has none), and
 * case is ignored on both (the PostgreSQL plugin makes `like` into `ilike`, db/postgres.ts).
 * Use as the right side: `eb('name', 'like', containing(q))`.
 */
export function containing(text: string): RawBuilder<string> {
	return sql<string>`${`%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`;
}

/** The same, for text at the start. */
export function startingWith(text: string): RawBuilder<string> {
	return sql<string>`${`${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`;
}
