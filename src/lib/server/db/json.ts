import { jsonArrayFrom as sqliteArray } from 'kysely/helpers/sqlite';
import { jsonArrayFrom as postgresArray } from 'kysely/helpers/postgres';
import { onPostgres } from './engine';

/**
 * A subquery's rows as one JSON array column, on the engine this server runs: Kysely's helper for
 * SQLite (`json_group_array`, read back as text) or for PostgreSQL (`json_agg`, read back parsed).
 * Callers accept either (`typeof value === 'string' ? JSON.parse(value) : value`).
 */
export const jsonArrayFrom: typeof sqliteArray = (expr) => (onPostgres() ? postgresArray(expr) : sqliteArray(expr));
