import { sql, type Kysely } from 'kysely';
import { onPostgres } from '../../src/lib/server/db/engine';

// A parts request goes open → picking (a picker has started) → issued; the table from
// 2026-11-27T0800_workflow allows only open and issued in its CHECK. SQLite cannot change a
// CHECK in place, and with foreign keys on (they cannot be turned off inside the migration's
// transaction) renaming a table rewrites the references to it in other tables. So the request
// table and the tables that refer to it, down the chain (request lines, issue slips, slip lines),
// are each rebuilt from their own CREATE statement with every row, then the old ones dropped.

const OLD_CHECK = "status in ('open', 'issued')";
const NEW_CHECK = "status in ('open', 'picking', 'issued')";

/** parts_requests and every table that refers to it, directly or down the chain, parents first. */
async function referenceChain(db: Kysely<any>): Promise<string[]> {
	const { rows: tables } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
	const refs = new Map<string, string[]>();
	for (const { name } of tables) {
		const { rows } = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(db);
		refs.set(name, rows.map((r) => r.table));
	}
	const found = ['parts_requests'];
	for (let i = 0; i < found.length; i++) {
		for (const [name, parents] of refs) if (parents.includes(found[i]) && !found.includes(name)) found.push(name);
	}
	// A table after every table of the chain it refers to (a later rename would rewrite its reference).
	const chain: string[] = [];
	while (chain.length < found.length) {
		const next = found.find((t) => !chain.includes(t) && refs.get(t)!.every((p) => p === t || !found.includes(p) || chain.includes(p)));
		if (!next) throw new Error('parts_requests: its referring tables refer to each other in a cycle');
		chain.push(next);
	}
	return chain;
}

async function rebuild(db: Kysely<any>, fromCheck: string, toCheck: string, statusExpr: string): Promise<void> {
	const chain = await referenceChain(db);
	// Every statement as written before any rename (a rename rewrites the others' references).
	const { rows: schema } = await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
		select type, name, tbl_name, sql from sqlite_master where tbl_name in (${sql.join(chain)})`.execute(db);
	const tableSql = (name: string) => schema.find((s) => s.type === 'table' && s.name === name)!.sql!;
	const indexes = schema.filter((s) => s.type === 'index' && s.sql !== null).map((s) => s.sql!);
	if (!tableSql('parts_requests').includes(fromCheck)) throw new Error(`parts_requests: expected the check ${fromCheck}`);
	for (const table of chain) {
		const { rows: columns } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
		const names = columns.map((c) => `"${c.name}"`);
		const select = table === 'parts_requests' ? names.map((n) => (n === '"status"' ? `${statusExpr} as "status"` : n)) : names;
		await sql.raw(`alter table "${table}" rename to "${table}__old"`).execute(db);
		const create = table === 'parts_requests' ? tableSql(table).replace(fromCheck, toCheck) : tableSql(table);
		await sql.raw(create).execute(db);
		await sql.raw(`insert into "${table}" (${names.join(', ')}) select ${select.join(', ')} from "${table}__old"`).execute(db);
	}
	// The old ones, those that refer last (nothing refers to an old table when it goes).
	for (const table of [...chain].reverse()) await sql.raw(`drop table "${table}__old"`).execute(db);
	for (const index of indexes) await sql.raw(index).execute(db);
}

/** PostgreSQL changes a CHECK in place (the column's check is named <table>_<column>_check). */
async function recheck(db: Kysely<any>, toCheck: string, statusExpr: string): Promise<void> {
	await sql.raw(`alter table parts_requests drop constraint parts_requests_status_check`).execute(db);
	await sql.raw(`update parts_requests set status = ${statusExpr}`).execute(db);
	await sql.raw(`alter table parts_requests add constraint parts_requests_status_check check (${toCheck})`).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
	if (onPostgres()) return recheck(db, NEW_CHECK, '"status"');
	await rebuild(db, OLD_CHECK, NEW_CHECK, '"status"');
}

export async function down(db: Kysely<any>): Promise<void> {
	// A request being picked is open again.
	if (onPostgres()) return recheck(db, OLD_CHECK, `case "status" when 'picking' then 'open' else "status" end`);
	await rebuild(db, NEW_CHECK, OLD_CHECK, `case "status" when 'picking' then 'open' else "status" end`);
}
