import { m } from '$lib/paraglide/messages';
import { roles, type GroupRole, type Role } from '$lib/domain/permissions';
import type { BayKindCode, ImportRow, TeamKindCode } from '$lib/api/types';

/** One person's role, as the staff list and its form say it (the sign-in headings use the plural). */
export const roleName: Record<Role | GroupRole, () => string> = {
	service_advisor: m.admin_role_service_advisor,
	dispatcher: m.admin_role_dispatcher,
	technician: m.admin_role_technician,
	team_leader: m.admin_role_team_leader,
	qc_inspector: m.admin_role_qc_inspector,
	parts: m.admin_role_parts,
	booking: m.admin_role_booking,
	manager: m.admin_role_manager,
	admin: m.admin_role_admin,
	group_manager: m.group_role_group_manager,
	group_admin: m.group_role_group_admin
};
export const roleOptions = () => roles.map((r) => ({ value: r, label: roleName[r]() }));
/** Roles that belong to a team (their tablet shows the team's jobs). */
export const teamRoles: readonly Role[] = ['technician', 'team_leader'];

export const teamKinds: readonly TeamKindCode[] = ['mechanical', 'body', 'paint'];
export const teamKindName: Record<TeamKindCode, () => string> = { mechanical: m.admin_kind_mechanical, body: m.admin_kind_body, paint: m.admin_kind_paint };

export const bayKinds: readonly BayKindCode[] = ['mechanical', 'alignment', 'body', 'paint'];
export const bayKindName: Record<BayKindCode, () => string> = {
	mechanical: m.admin_kind_mechanical,
	alignment: m.admin_kind_alignment,
	body: m.admin_kind_body,
	paint: m.admin_kind_paint
};

export const importActionName: Record<ImportRow['action'], () => string> = {
	create: m.admin_csv_create,
	update: m.admin_csv_update,
	unchanged: m.admin_csv_unchanged,
	error: m.admin_csv_error
};

/** A PIN as the server takes it: 4 to 8 digits. */
export const pinPattern = /^\d{4,8}$/;
