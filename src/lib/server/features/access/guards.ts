import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Principal } from '$lib/server/features/access/principal';
import { mayRun, type CommandName } from '$lib/domain/permissions';
import type { Board } from '$lib/live/protocol';

/**
 * A board page: its paired display, or any signed-in staff member (only those allowed one of
 * `commands` when given: the KPI board is the manager's; others get the 403 page). Others go to pairing.
 */
export function requireBoardViewer(event: RequestEvent, board: Board, ...commands: CommandName[]): Principal {
	const p = event.locals.principal;
	if (p?.kind === 'display' && p.board === board) return p;
	if (p?.kind === 'user') {
		if (commands.length && !commands.some((c) => mayRun(p, c))) error(403, { message: `${p.name} (${p.role}) may not open this board` });
		return p;
	}
	if (p?.kind === 'display') redirect(303, `/board/${p.board}`);
	redirect(303, '/pair');
}

/** A staff page: signed in, and allowed at least one of `commands`. */
export function requireStaff(event: RequestEvent, ...commands: CommandName[]): Extract<Principal, { kind: 'user' }> {
	const p = event.locals.principal;
	if (p?.kind !== 'user') redirect(303, `/signin?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	if (commands.length && !commands.some((c) => mayRun(p, c))) error(403, { message: `${p.name} (${p.role}) may not open this page` });
	return p;
}
