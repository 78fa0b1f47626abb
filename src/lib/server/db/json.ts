import { jsonArrayFrom as sqliteArray, jsonObjectFrom as sqliteObject } from 'kysely/helpers/sqlite';
import { jsonArrayFrom as postgresArray, jsonObjectFrom as postgresObject } from 'kysely/helpers/postgres';
import { onPostgres } from './engine';

/**
 * A subquery's rows as one JSON array column, on the engine this server runs: Kysely's helper for
 * SQLite (`json_group_array`, read back as text) or for PostgreSQL (`json_agg`, read back parsed).
 * Callers read it back with `jsonList`.
 */
export const jsonArrayFrom: typeof sqliteArray = (expr) => (onPostgres() ? postgresArray(expr) : sqliteArray(expr));

/** A subquery's first row as one JSON object column (null for none); read back with `jsonRow`. */
export const jsonObjectFrom: typeof sqliteObject = (expr) => (onPostgres() ? postgresObject(expr) : sqliteObject(expr));

/** A `jsonArrayFrom` column as either engine reads it back: text on SQLite, parsed on PostgreSQL. */
export function jsonList<T>(value: T[] | string | null | undefined): T[] {
	return typeof value === 'string' ? (JSON.parse(value) as T[]) : (value ?? []);
}

/** A `jsonObjectFrom` column as either engine reads it back (null for no row). */
export function jsonRow<T>(value: T | string | null | undefined): T | null {
	return typeof value === 'string' ? (JSON.parse(value) as T) : (value ?? null);
}
