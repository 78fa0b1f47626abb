import type { RepairOrderBoardView, TeamView } from '$lib/live/protocol';

interface CrewMember {
	name: string;
	nameLatin: string | null;
}

/** The team's name and who is on the car, in the screen's language. */
export function crewOf(order: RepairOrderBoardView, teams: Record<string, TeamView>, en: boolean): { team: string; names: string[] } {
	const team = order.teamId !== null ? teams[order.teamId] : undefined;
	// The technicians actually on the job (dispatch names them, starting on the tablet adds one);
	// an order from before that was recorded falls back to the team's first members for its crew.
	const people: CrewMember[] = order.technicians?.length ? order.technicians : (team?.technicians.slice(0, order.crewSize ?? 1) ?? []);
	return {
		team: team ? (en ? team.code : team.nameZh) : '',
		names: people.map((p) => (en ? (p.nameLatin ?? p.name) : p.name))
	};
}

/** Active operations, joined for one line. */
export const opsText = (order: RepairOrderBoardView, en: boolean): string =>
	order.operations
		.filter((op) => op.status === 'active')
		.map((op) => (en ? op.nameEn : op.nameZh))
		.join(' · ');
