/**
 * Rows to views and back, by one rule: a column `stage_since` is the field `stageSince`, and a
 * view never lists a table's columns again. Types follow from the table types (Camelize), values
 * from these two functions; what differs (a 0/1 column shown as a boolean) each view says itself.
 */

type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** A row type's columns as a view's fields: `{ stage_since: number }` → `{ stageSince: number }`. */
export type Camelize<T> = { [K in keyof T as Camel<K & string>]: T[K] };

/** Spells out an intersection of object types as one (for readable types on the screens). */
export type Flat<T> = { [K in keyof T]: T[K] } & {};

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snake = (key: string) => key.replace(/([A-Z]|(?<=[a-z])[0-9])/g, (c) => `_${c.toLowerCase()}`);

export function camelize<T extends object>(row: T): Camelize<T> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(row)) out[camel(key)] = value;
	return out as Camelize<T>;
}

/** The fields of `after` that differ from `before`, as columns (booleans as 0/1): a row's UPDATE. */
export function changedColumns<T extends object>(before: T, after: T): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(after)) {
		if ((before as Record<string, unknown>)[key] === value) continue;
		out[snake(key)] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
	}
	return out;
}
