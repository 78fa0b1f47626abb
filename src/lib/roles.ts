import { m } from '$lib/paraglide/messages';
import type { Role } from '$lib/domain/permissions';

export const roleLabel: Record<Role, () => string> = {
	service_advisor: m.role_service_advisor,
	dispatcher: m.role_dispatcher,
	technician: m.role_technician,
	team_leader: m.role_team_leader,
	qc_inspector: m.role_qc_inspector,
	parts: m.role_parts,
	booking: m.role_booking,
	manager: m.role_manager,
	admin: m.role_admin
};
