import { z } from 'zod';
import type { Db } from '$lib/server/db/database';
import { defineCommand } from '$lib/server/core/commands';
import type { EntityImage } from '$lib/server/core/projections';
import { parseCsv, toCsv } from '$lib/server/core/csv';
import { report, type ImportReport, type ImportRow } from '$lib/server/core/imports';
import { isPin } from '$lib/domain/signin';
import { roles, type Role } from '$lib/domain/permissions';
import { hashPin } from './secrets';
import { createStaff, updateStaff } from './staff';

/** Staff as a spreadsheet: a person a row; a PIN only for people new to the store. */
export const staffColumns = ['name', 'name_latin', 'role', 'team_code', 'pin'] as const;

export async function staffCsv(db: Db, storeId: number): Promise<string> {
	const rows = await db
		.selectFrom('users as u')
		.leftJoin('teams as t', 't.id', 'u.team_id')
		.select(['u.name', 'u.name_latin', 'u.role', 't.code as team_code'])
		.where('u.store_id', '=', storeId)
		.where('u.role', 'in', [...roles])
		.where('u.active', '=', 1)
		.orderBy('u.id')
		.execute();
	return toCsv(staffColumns, rows.map((r) => ({ ...r, pin: '' })));
}

const row = z.object({
	name: z.string().trim().min(1).max(40),
	nameLatin: z.string().trim().max(60).optional(),
	role: z.enum(roles),
	teamId: z.number().int().positive().nullable(),
	pinHash: z.string().optional(),
	/** An existing person (same name and role) to update. */
	id: z.number().int().positive().optional(),
	version: z.number().int().optional()
});
type StaffRow = z.output<typeof row>;

/** Reads a staff file against the store's staff: each row's action, or its errors. Writes nothing. */
export async function previewStaff(db: Db, storeId: number, file: Buffer, options: { admins?: boolean } = {}): Promise<{ report: ImportReport; valid: StaffRow[] }> {
	const { rows, encoding } = parseCsv(file, staffColumns);
	const teams = new Map((await db.selectFrom('teams').select(['id', 'code']).where('store_id', '=', storeId).execute()).map((t) => [t.code, t.id]));
	const people = await db.selectFrom('users').select(['id', 'name', 'name_latin', 'role', 'team_id', 'version']).where('store_id', '=', storeId).where('role', 'in', [...roles]).where('active', '=', 1).execute();
	const out: ImportRow[] = [];
	const valid: StaffRow[] = [];
	const seen = new Set<string>();
	for (const { line, values } of rows) {
		const errors: { field: string; message: string }[] = [];
		const role = values.role as Role;
		if (!values.name) errors.push({ field: 'name', message: 'a name' });
		if (!roles.includes(role)) errors.push({ field: 'role', message: `one of ${roles.join(', ')}` });
		// As the import will refuse it (staff.ts, adminsOnlyByAdmins): said on the row, before anything is applied.
		if (role === 'admin' && options.admins === false) errors.push({ field: 'role', message: 'only an admin adds or changes an admin' });
		const teamId = values.team_code ? teams.get(values.team_code) : null;
		if (values.team_code && teamId === undefined) errors.push({ field: 'team_code', message: `no team ${values.team_code} in this store` });
		if ((role === 'technician' || role === 'team_leader') && !values.team_code) errors.push({ field: 'team_code', message: 'technicians and team leaders belong to a team' });
		const key = `${values.name} (${values.role})`;
		if (seen.has(key)) errors.push({ field: 'name', message: `${key} appears twice in the file` });
		seen.add(key);
		const old = people.find((p) => p.name === values.name && p.role === role);
		if (!old && !isPin(values.pin)) errors.push({ field: 'pin', message: 'a new person needs a PIN of 4 to 8 digits' });
		if (old && values.pin) errors.push({ field: 'pin', message: 'leave the PIN empty for someone already on the staff (reset it in /admin)' });
		if (errors.length) {
			out.push({ line, key, action: 'error', errors });
			continue;
		}
		const latin = values.name_latin || null;
		const same = old && old.team_id === (teamId ?? null) && old.name_latin === latin;
		out.push({ line, key, action: !old ? 'create' : same ? 'unchanged' : 'update', errors: [] });
		if (same) continue;
		valid.push({ name: values.name, nameLatin: latin ?? undefined, role, teamId: teamId ?? null, pinHash: old ? undefined : await hashPin(values.pin), id: old?.id, version: old?.version });
	}
	return { report: report(out, encoding, false), valid };
}

/** The new and changed people of a checked file, in one transaction and one audited event. */
export const importStaff = defineCommand({
	type: 'user.import',
	permission: () => 'user.manage',
	schema: z.object({ people: z.array(row).max(500) }),
	async handle(tx, input, env) {
		const images = new Map<string, EntityImage>();
		let created = 0;
		for (const p of input.people) {
			const done =
				p.id === undefined
					? await createStaff.handle(tx, { name: p.name, nameLatin: p.nameLatin, role: p.role, teamId: p.teamId, pinHash: p.pinHash! }, env)
					: await updateStaff.handle(tx, { id: p.id, expectedVersion: p.version!, nameLatin: p.nameLatin, teamId: p.teamId }, env);
			if (p.id === undefined) created++;
			for (const image of done.event.images) images.set(`${image.kind}:${image.id}`, image);
		}
		const counts = { created, updated: input.people.length - created };
		return {
			result: counts,
			event: { type: 'user.imported', subjectKind: 'store', subjectId: env.storeId, data: { ...counts, names: input.people.map((p) => p.name) }, images: [...images.values()] }
		};
	}
});
