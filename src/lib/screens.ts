import { m } from '$lib/paraglide/messages';
import { mayRun, type CommandName, type GroupRole, type Role } from '$lib/domain/permissions';

/**
 * Pitwall's screens as people find them: the home page lists them all, and a screen someone may
 * not open (403) says which of them their role opens instead. A staff screen opens for whoever
 * may run at least one of its `commands` (the same lists its +page.server.ts guards with);
 * without `commands`, for anyone signed in.
 */
export interface ScreenInfo {
	href: string;
	title: () => string;
	about: () => string;
	device: () => string;
	/** Staff screens: a role that may run one of these opens it. */
	commands?: readonly CommandName[];
	/** Opened by a link that carries its own id (the customer's link, the slip): shown, not linked. */
	example?: string;
	/** A staff screen (false: a wall screen, the customer's or the machines'). */
	staff: boolean;
}

export const screenCommands = {
	desk: ['repairOrder.create', 'repairOrder.dispatch', 'addon.decide', 'repairOrder.deliver'],
	slip: ['repairOrder.create', 'repairOrder.set_pickup', 'repairOrder.deliver'],
	tech: ['repairOrder.start', 'repairOrder.team_check_pass'],
	qc: ['repairOrder.qc_pass'],
	kiosk: ['partsRequest.pick'],
	special: ['specialOrder.register', 'specialOrder.supply', 'specialOrder.customer'],
	manager: ['kpi.read'],
	care: ['care.call'],
	admin: ['display.manage', 'token.manage', 'audit.read', 'signin.unlock', 'store.manage', 'user.manage', 'bay.setService', 'part.manage', 'equipment.manage']
} as const satisfies Record<string, readonly CommandName[]>;

export const screens: readonly ScreenInfo[] = [
	{ href: '/board/bays', title: m.screen_bays, about: m.screen_bays_about, device: m.home_device_tv, staff: true },
	{ href: '/board/lounge', title: m.screens_lounge, about: m.screens_lounge_about, device: m.home_device_tv, staff: true },
	{ href: '/desk', title: m.screen_desk, about: m.screen_desk_about, device: m.home_device_desk, commands: screenCommands.desk, staff: true },
	{ href: '/desk/slip', title: m.screens_slip, about: m.screens_slip_about, device: m.home_device_printer, commands: screenCommands.slip, example: '/desk/slip/{id}', staff: true },
	{ href: '/tech', title: m.screen_tech, about: m.screen_tech_about, device: m.home_device_tablet, commands: screenCommands.tech, staff: true },
	{ href: '/kiosk/parts', title: m.screens_kiosk, about: m.screens_kiosk_about, device: m.home_device_kiosk, commands: screenCommands.kiosk, staff: true },
	{ href: '/desk/special-orders', title: m.screens_special, about: m.screens_special_about, device: m.home_device_desk, commands: screenCommands.special, staff: true },
	{ href: '/board/parts', title: m.screens_parts_board, about: m.screens_parts_board_about, device: m.home_device_tv, staff: true },
	{ href: '/equipment', title: m.eq_title, about: m.eq_about, device: m.home_device_phone, staff: true },
	{ href: '/board/equipment', title: m.eq_board_title, about: m.eq_board_about, device: m.home_device_tv, staff: true },
	{ href: '/care', title: m.care_title, about: m.care_about, device: m.home_device_desk, commands: screenCommands.care, staff: true },
	{ href: '/group', title: m.group_overview_title, about: m.group_overview_about, device: m.home_device_desk, commands: ['store.enter'], staff: true },
	{ href: '/manager', title: m.screens_manager, about: m.screens_manager_about, device: m.home_device_desk, commands: screenCommands.manager, staff: true },
	{ href: '/manager/log', title: m.screens_workshop_log, about: m.screens_workshop_log_about, device: m.home_device_printer, commands: screenCommands.manager, staff: true },
	{ href: '/board/kpi', title: m.screens_kpi_board, about: m.screens_kpi_board_about, device: m.home_device_tv, commands: screenCommands.manager, staff: true },
	{ href: '/qc', title: m.screen_qc, about: m.screen_qc_about, device: m.home_device_tablet, commands: screenCommands.qc, staff: true },
	{ href: '/status', title: m.screens_status, about: m.screens_status_about, device: m.home_device_phone, example: '/status/{link}', staff: false },
	{ href: '/signin', title: m.screen_signin, about: m.screen_signin_about, device: m.home_device_any_staff, staff: false },
	{ href: '/pair', title: m.screen_pair, about: m.screen_pair_about, device: m.home_device_tv, staff: false },
	{ href: '/admin', title: m.screen_admin, about: m.screens_admin_about, device: m.home_device_desk, commands: screenCommands.admin, staff: true },
	{ href: '/api/v1/openapi.json', title: m.screen_api, about: m.screen_api_about, device: () => 'JSON', staff: false },
	{ href: '/healthz', title: m.screen_health, about: m.screen_health_about, device: () => 'JSON', staff: false }
];

/** May a person of `role` open this staff screen? */
export function opens(person: { role: Role; groupRole?: GroupRole | null }, screen: ScreenInfo): boolean {
	return screen.staff && (!screen.commands || screen.commands.some((c) => mayRun(person, c)));
}
