/** The API's refusals as the desk says them (the calls themselves: $lib/api/client). */
import { m } from '$lib/paraglide/messages';
import type { ApiError } from '$lib/api/types';

/** What to tell the person at the desk, in their language where Pitwall knows the case. */
export function errorText(e: ApiError): string {
	switch (e.error) {
		case 'version_conflict':
			return e.changedBy ? m.desk_err_conflict({ name: e.changedBy }) : m.desk_err_conflict_anon();
		case 'network':
			return m.desk_err_network();
		case 'unauthorized':
			return m.desk_err_unauthorized();
		case 'forbidden':
			return m.desk_err_forbidden();
		case 'transition_refused':
			return m.desk_err_refused();
		case 'bay_occupied':
			return m.desk_err_bay_occupied({ detail: e.message.replace(/^bay:\s*/, '') });
		case 'bay_out_of_service':
			return m.desk_err_bay_oos({ detail: e.message.replace(/^bay:\s*/, '') });
		case 'bay_unavailable': {
			// The bay's lift is down or overdue for its inspection (the server names it in `hold`).
			const hold = (e as ApiError & { hold?: { code: string; reason: string; detail: string | null } }).hold;
			const bay = e.message.match(/^bay:\s*(\S+)/)?.[1] ?? '';
			if (!hold) return e.message;
			if (hold.reason === 'out_of_service') return hold.detail ? m.eqb_desk_hold_oos({ bay, lift: hold.code, reason: hold.detail }) : m.eqb_desk_hold_oos_plain({ bay, lift: hold.code });
			return m.eqb_desk_hold_safety({ bay, lift: hold.code, task: hold.detail ?? '' });
		}
		case 'vehicle_has_open_order':
			return m.desk_err_open_order({ detail: e.message.replace(/^vehicle\.plate:\s*/, '') });
		case 'already_decided':
			return m.desk_err_already_decided();
		case 'not_found':
			return m.desk_err_not_found({ detail: e.message });
		default:
			return e.message;
	}
}
