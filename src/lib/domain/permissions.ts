/**
 * Who may do what: the one table that decides every command. Screens hide what a role cannot
 * do by asking `can()`, and the server refuses it anyway by asking the same function.
 */
export const roles = [
	'service_advisor',
	'dispatcher',
	'technician',
	'team_leader',
	'qc_inspector',
	'parts',
	'booking',
	'manager',
	'admin'
] as const;
export type Role = (typeof roles)[number];

/**
 * A dealer group's people (issue 20): not on any one store's staff list. A group manager enters the
 * stores given to them and acts there as the store's manager; a group admin enters every store, acts
 * there as its admin, and also creates stores and the group's people.
 */
export const groupRoles = ['group_manager', 'group_admin'] as const;
export type GroupRole = (typeof groupRoles)[number];
export const isGroupRole = (role: string): role is GroupRole => (groupRoles as readonly string[]).includes(role);

/** The store role a group's person acts with inside a store they entered. */
export function storeRoleOf(role: Role | GroupRole): Role {
	return role === 'group_manager' ? 'manager' : role === 'group_admin' ? 'admin' : role;
}

export const commands = [
	'repairOrder.create',
	'repairOrder.submit',
	'repairOrder.dispatch',
	'repairOrder.set_crew',
	'repairOrder.start',
	'repairOrder.pause',
	'repairOrder.resume',
	'repairOrder.finish',
	'repairOrder.team_check_pass',
	'repairOrder.qc_pass',
	'repairOrder.qc_fail',
	'repairOrder.accident_qc',
	'repairOrder.advisor_check_pass',
	'repairOrder.wash_done',
	'repairOrder.set_pickup',
	'repairOrder.announce_ready_time',
	'repairOrder.deliver',
	'repairOrder.follow_up',
	'repairOrder.cancel',
	'addon.raise',
	'addon.decide',
	'partsRequest.create',
	// The parts room (issue 14): picking and issuing against a request, stock, bins and parts.
	'partsRequest.pick',
	'partsRequest.issue',
	'stock.receive',
	'stock.adjust',
	'part.manage',
	// Special orders: registered by the desk, worked by the parts room, closed by the advisor.
	'specialOrder.register',
	'specialOrder.supply',
	'specialOrder.customer',
	'specialOrder.cancel',
	'bay.setService',
	// Equipment (issue 15): machines and plans, the work done on them, out of and back in service.
	'equipment.manage',
	'equipment.log',
	'equipment.setService',
	// Master data a real store sets up (issue 13): the store, staff, teams, bays, the catalogue.
	'store.manage',
	'team.manage',
	'bay.manage',
	'catalogue.manage',
	'display.manage',
	'token.manage',
	'user.manage',
	'signin.unlock',
	'audit.read',
	// Reading the service manager's figures (issue 16).
	'kpi.read',
	// Calls that replace the walkie-talkies (issue 17): raised from a bay, answered by the called role.
	'call.raise',
	'call.answer',
	'call.stats',
	// Customer care (issue 18): the care lists' calls, booked visits, tags, a car's sale, the settings.
	'care.call',
	'appointment.book',
	'customer.tag',
	'vehicle.update',
	'care.manage',
	// A customer's right to be forgotten: the admin erases on request.
	'customer.erase',
	'photo.add',
	'photo.remove',
	'photo.settings',
	'photo.prune',
	// A dealer group (issue 20): a group admin creates stores and the group's people; a group's person enters a store.
	'store.create',
	'group.manage',
	'store.enter',
	// A store that already runs becomes a dealer group's first store: its admin becomes the group admin.
	'group.found',
	// Recorded by Pitwall itself (lockouts); no person may run it.
	'audit.record'
] as const;
export type CommandName = (typeof commands)[number];

const SA: Role = 'service_advisor';
const DISP: Role = 'dispatcher';
const TECH: Role = 'technician';
const LEAD: Role = 'team_leader';
const QC: Role = 'qc_inspector';
const MGR: Role = 'manager';
const ADMIN: Role = 'admin';
const PARTS: Role = 'parts';
const BOOK: Role = 'booking';

/** Each command and the roles allowed to run it. Admin is listed explicitly where it applies. */
export const permissionTable: Record<CommandName, readonly Role[]> = {
	'repairOrder.create': [SA, 'booking', MGR],
	'repairOrder.submit': [SA, MGR],
	'repairOrder.dispatch': [DISP, MGR],
	'repairOrder.set_crew': [DISP, LEAD],
	'repairOrder.start': [TECH, LEAD, DISP],
	'repairOrder.pause': [TECH, LEAD, DISP],
	'repairOrder.resume': [TECH, LEAD, DISP],
	'repairOrder.finish': [TECH, LEAD, DISP],
	'repairOrder.team_check_pass': [LEAD, DISP],
	'repairOrder.qc_pass': [QC, DISP],
	'repairOrder.qc_fail': [QC, DISP],
	'repairOrder.accident_qc': [DISP],
	'repairOrder.advisor_check_pass': [SA],
	'repairOrder.wash_done': [SA, DISP],
	'repairOrder.set_pickup': [SA],
	// The advisor calls the customer first, then confirms the later time the public screens show.
	'repairOrder.announce_ready_time': [SA],
	'repairOrder.deliver': [SA, MGR],
	'repairOrder.follow_up': [SA, MGR],
	'repairOrder.cancel': [SA, DISP, MGR],
	'addon.raise': [SA, DISP, TECH, LEAD],
	'addon.decide': [SA],
	'partsRequest.create': [TECH, LEAD, DISP, SA],
	'partsRequest.pick': [PARTS, MGR],
	'partsRequest.issue': [PARTS, MGR],
	'stock.receive': [PARTS, MGR],
	'stock.adjust': [PARTS, MGR],
	'part.manage': [PARTS, MGR, ADMIN],
	// The booking specialist and the advisors register; parts review, order and record the arrival.
	'specialOrder.register': [BOOK, SA, PARTS, MGR],
	'specialOrder.supply': [PARTS, MGR],
	// Told of the arrival, the customer called, the visit agreed, the part fitted.
	'specialOrder.customer': [SA, BOOK, MGR],
	'specialOrder.cancel': [SA, PARTS, MGR],
	'bay.setService': [DISP, MGR, ADMIN],
	'equipment.manage': [DISP, MGR, ADMIN],
	'equipment.log': [TECH, LEAD, DISP, QC, MGR],
	'equipment.setService': [LEAD, DISP, MGR, ADMIN],
	'store.manage': [MGR, ADMIN],
	'team.manage': [MGR, ADMIN],
	'bay.manage': [MGR, ADMIN],
	'catalogue.manage': [MGR, ADMIN],
	'display.manage': [ADMIN],
	'token.manage': [ADMIN],
	'user.manage': [MGR, ADMIN],
	'signin.unlock': [ADMIN, MGR],
	'audit.read': [ADMIN, MGR],
	'kpi.read': [MGR, ADMIN],
	'call.raise': [SA, DISP, TECH, LEAD, QC, PARTS, MGR],
	// Who may answer a particular call is decided by the call (domain/calls.ts mayAnswer).
	'call.answer': [SA, DISP, TECH, LEAD, QC, PARTS, MGR],
	'call.stats': [SA, DISP, MGR, ADMIN],
	'care.call': [BOOK, SA, MGR],
	'appointment.book': [BOOK, SA, MGR],
	'customer.tag': [BOOK, SA, MGR],
	'vehicle.update': [BOOK, SA, MGR],
	'care.manage': [MGR, ADMIN],
	'customer.erase': [ADMIN],
	// Photos on the job (issue 19): whoever works on the car or receives it; the retention is the manager's.
	'photo.add': [SA, DISP, TECH, LEAD, QC, MGR],
	'photo.remove': [SA, DISP, TECH, LEAD, QC, MGR],
	'photo.settings': [MGR, ADMIN],
	'photo.prune': [],
	// Only a group's people (groupPermissions below): no store role may.
	'store.create': [],
	'group.manage': [],
	'store.enter': [],
	'group.found': [ADMIN],
	'audit.record': []
};

/** What a group's role may do besides what its store role may (storeRoleOf). */
export const groupPermissions: Partial<Record<CommandName, readonly GroupRole[]>> = {
	'store.create': ['group_admin'],
	'group.manage': ['group_admin'],
	'store.enter': ['group_manager', 'group_admin']
};

/** May a group's person do this: as a group role, or as the store role they act with? */
export function canAsGroup(role: GroupRole, command: CommandName): boolean {
	return (groupPermissions[command] ?? []).includes(role) || can(storeRoleOf(role), command);
}

export function can(role: Role, command: CommandName): boolean {
	return permissionTable[command].includes(role);
}

/**
 * Who may make, change, reset, unlock or deactivate an admin's account: an admin only. A manager
 * also manages the staff, but an admin account they could make (or whose PIN they could reset) would
 * give them the admin's rights: API tokens, wall screens, erasing customers.
 */
export function mayChangeAdmins(role: Role): boolean {
	return role === 'admin';
}

/**
 * Technicians and team leaders act on their own team's jobs only (the job, its add-ons and its
 * parts requests); the supervisor, QC and the desk act on every job the table lets them.
 */
export const teamScopedRoles: readonly Role[] = [TECH, LEAD];

/** May a person of `role` in team `teamId` act on a job given to `jobTeamId` (null: not dispatched yet)? */
export function onTheirTeam(role: Role, teamId: number | null, jobTeamId: number | null): boolean {
	if (!teamScopedRoles.includes(role)) return true;
	return teamId !== null && jobTeamId === teamId;
}

/** Commands an integration token with write scope may run (the DMS pushes and moves orders). */
// A wireless call button at the bay or the DMS may raise a call through the API (never answer one).
export const tokenWriteCommands: readonly CommandName[] = commands.filter((c) => c.startsWith('repairOrder.') || c.startsWith('addon.') || c === 'partsRequest.create' || c === 'call.raise' || c === 'photo.add');

/** May this person (a store's staff, or a group's person acting in a store) run the command? */
export function mayRun(person: { role: Role; groupRole?: GroupRole | null }, command: CommandName): boolean {
	return person.groupRole ? canAsGroup(person.groupRole, command) : can(person.role, command);
}
