import { describe, expect, it } from 'vitest';
import { can, canAsGroup, mayChangeAdmins, commands, mayRun, permissionTable, roles, storeRoleOf, tokenWriteCommands, type CommandName, type Role, onTheirTeam } from '$lib/domain/permissions';

/**
 * The whole table, written out independently of the code: one row per command, one letter per
 * role in the order SA DSP TEC LDR QC PRT BKG MGR ADM ('x' may, '.' may not). A change to who
 * may do what has to change this grid too.
 */
const grid = `
repairOrder.create           x . . . . . x x .
repairOrder.submit           x . . . . . . x .
repairOrder.dispatch         . x . . . . . x .
repairOrder.set_crew         . x . x . . . . .
repairOrder.start            . x x x . . . . .
repairOrder.pause            . x x x . . . . .
repairOrder.resume           . x x x . . . . .
repairOrder.finish           . x x x . . . . .
repairOrder.team_check_pass  . x . x . . . . .
repairOrder.qc_pass          . x . . x . . . .
repairOrder.qc_fail          . x . . x . . . .
repairOrder.accident_qc      . x . . . . . . .
repairOrder.advisor_check_pass x . . . . . . . .
repairOrder.wash_done        x x . . . . . . .
repairOrder.set_pickup       x . . . . . . . .
repairOrder.announce_ready_time x . . . . . . . .
repairOrder.deliver          x . . . . . . x .
repairOrder.follow_up        x . . . . . . x .
repairOrder.cancel           x x . . . . . x .
addon.raise                  x x x x . . . . .
addon.decide                 x . . . . . . . .
partsRequest.create          x x x x . . . . .
partsRequest.pick            . . . . . x . x .
partsRequest.issue           . . . . . x . x .
stock.receive                . . . . . x . x .
stock.adjust                 . . . . . x . x .
part.manage                  . . . . . x . x x
specialOrder.register        x . . . . x x x .
specialOrder.supply          . . . . . x . x .
specialOrder.customer        x . . . . . x x .
specialOrder.cancel          x . . . . x . x .
bay.setService               . x . . . . . x x
equipment.manage             . x . . . . . x x
equipment.log                . x x x x . . x .
equipment.setService         . x . x . . . x x
store.manage                 . . . . . . . x x
team.manage                  . . . . . . . x x
bay.manage                   . . . . . . . x x
catalogue.manage             . . . . . . . x x
display.manage               . . . . . . . . x
token.manage                 . . . . . . . . x
user.manage                  . . . . . . . x x
signin.unlock                . . . . . . . x x
audit.read                   . . . . . . . x x
kpi.read                     . . . . . . . x x
call.raise                   x x x x x x . x .
call.answer                  x x x x x x . x .
call.stats                   x x . . . . . x x
care.call                    x . . . . . x x .
appointment.book             x . . . . . x x .
customer.tag                 x . . . . . x x .
vehicle.update               x . . . . . x x .
care.manage                  . . . . . . . x x
customer.erase               . . . . . . . . x
photo.add                    x x x x x . . x .
photo.remove                 x x x x x . . x .
photo.settings               . . . . . . . x x
photo.prune                  . . . . . . . . .
store.create                 . . . . . . . . .
group.manage                 . . . . . . . . .
store.enter                  . . . . . . . . .
group.found                  . . . . . . . . x
audit.record                 . . . . . . . . .
`;
const order: Role[] = ['service_advisor', 'dispatcher', 'technician', 'team_leader', 'qc_inspector', 'parts', 'booking', 'manager', 'admin'];
const expected = new Map(
	grid
		.trim()
		.split('\n')
		.map((line) => {
			const [command, ...marks] = line.trim().split(/\s+/);
			return [command as CommandName, marks] as const;
		})
);

describe('permission table', () => {
	it('covers every command and every role', () => {
		expect([...expected.keys()].sort()).toEqual([...commands].sort());
		expect([...order].sort()).toEqual([...roles].sort());
		expect(Object.keys(permissionTable).sort()).toEqual([...commands].sort());
	});
	it.each(commands.flatMap((c) => order.map((r, i) => [c, r, i] as const)))('%s by %s', (command, role, i) => {
		expect(can(role, command)).toBe(expected.get(command)![i] === 'x');
	});
});

describe('API tokens', () => {
	it('may raise a parts request but never pick, issue or touch stock (a person at the counter does)', () => {
		expect(tokenWriteCommands).toContain('partsRequest.create');
		expect(tokenWriteCommands).toContain('call.raise');
		expect(tokenWriteCommands).not.toContain('call.answer');
		for (const c of ['partsRequest.pick', 'partsRequest.issue', 'stock.receive', 'stock.adjust', 'part.manage', 'user.manage'] as const) expect(tokenWriteCommands).not.toContain(c);
	});
});

describe('team scope', () => {
	it('keeps technicians and team leaders to their own team’s jobs; everyone else is not team-bound', () => {
		expect(onTheirTeam('technician', 1, 1)).toBe(true);
		expect(onTheirTeam('technician', 2, 1)).toBe(false);
		expect(onTheirTeam('team_leader', 2, 1)).toBe(false);
		expect(onTheirTeam('team_leader', 1, 1)).toBe(true);
		expect(onTheirTeam('technician', null, 1)).toBe(false);
		expect(onTheirTeam('technician', 1, null)).toBe(false); // not dispatched to anyone yet
		for (const role of ['dispatcher', 'qc_inspector', 'service_advisor', 'manager'] as const) expect(onTheirTeam(role, null, 1)).toBe(true);
	});
});

describe("a dealer group's people", () => {
	it('act in a store as its manager or admin, and only they open stores, manage the group or enter another store', () => {
		expect(storeRoleOf('group_manager')).toBe('manager');
		expect(storeRoleOf('group_admin')).toBe('admin');
		expect(storeRoleOf('technician')).toBe('technician');
		for (const command of commands.filter((c) => !['store.create', 'group.manage', 'store.enter'].includes(c))) {
			expect(canAsGroup('group_manager', command), command).toBe(can('manager', command));
			expect(canAsGroup('group_admin', command), command).toBe(can('admin', command));
		}
		expect([canAsGroup('group_manager', 'store.enter'), canAsGroup('group_manager', 'store.create'), canAsGroup('group_manager', 'group.manage')]).toEqual([true, false, false]);
		expect([canAsGroup('group_admin', 'store.enter'), canAsGroup('group_admin', 'store.create'), canAsGroup('group_admin', 'group.manage')]).toEqual([true, true, true]);
		// A store's admin is not a group admin.
		expect(mayRun({ role: 'admin' }, 'store.create')).toBe(false);
		expect(mayRun({ role: 'admin', groupRole: 'group_admin' }, 'store.create')).toBe(true);
		expect(mayRun({ role: 'manager', groupRole: 'group_manager' }, 'kpi.read')).toBe(true);
	});
});

describe("an admin's account", () => {
	it('is changed by an admin only: a manager also manages staff, but not the accounts with more rights than theirs', () => {
		expect(roles.filter((r) => mayChangeAdmins(r))).toEqual(['admin']);
		// Everyone else who may manage staff would gain what only an admin may do.
		for (const role of roles.filter((r) => can(r, 'user.manage') && !mayChangeAdmins(r))) expect(can(role, 'token.manage'), role).toBe(false);
	});
});
