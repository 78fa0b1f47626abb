/**
 * The life of a repair order (任务委托书), as the shop runs it. Pure: no database, no clock.
 * Stage names here are the ones the screens show (see the i18n messages `stage_*`).
 */
export const stages = [
	'checked_in',
	'waiting_dispatch',
	'dispatched',
	'in_progress',
	'paused',
	'team_check',
	'final_qc',
	'advisor_check',
	'wash',
	'ready',
	'delivered',
	'followed_up',
	'cancelled'
] as const;
export type Stage = (typeof stages)[number];

export const pauseReasons = ['parts', 'approval', 'other'] as const;
export type PauseReason = (typeof pauseReasons)[number];

export const followUpOutcomes = ['satisfied', 'issue', 'no_answer'] as const;
export type FollowUpOutcome = (typeof followUpOutcomes)[number];

export type RepairKind = 'maintenance' | 'repair' | 'accident';

export type Action =
	| { action: 'submit' }
	| { action: 'dispatch'; bayId: number; teamId: number; crewSize: 1 | 2 }
	| { action: 'set_crew'; crewSize: 1 | 2 }
	| { action: 'start' }
	| { action: 'pause'; reason: PauseReason; note?: string }
	| { action: 'resume' }
	| { action: 'finish' }
	/** `recommendations` replaces what an earlier check wrote (empty clears it); absent keeps it. */
	| { action: 'team_check_pass'; recommendations?: string; signedBy?: string }
	| { action: 'qc_pass' }
	| { action: 'qc_fail'; reason: string }
	| { action: 'advisor_check_pass' }
	| { action: 'wash_done' }
	| { action: 'set_pickup'; pickupAt: number }
	| { action: 'deliver'; nextServiceDate?: string; nextServiceMileage?: number; followUpTime?: string }
	| { action: 'follow_up'; outcome: FollowUpOutcome; note?: string }
	| { action: 'cancel'; reason: string };
export type ActionName = Action['action'];

/** Which actions each stage allows. */
export const allowedActions: Record<Stage, readonly ActionName[]> = {
	checked_in: ['submit', 'cancel'],
	waiting_dispatch: ['dispatch', 'cancel'],
	dispatched: ['start', 'set_crew', 'cancel'],
	in_progress: ['pause', 'finish', 'set_crew'],
	paused: ['resume', 'set_crew'],
	team_check: ['team_check_pass'],
	final_qc: ['qc_pass', 'qc_fail'],
	advisor_check: ['advisor_check_pass', 'qc_fail'],
	wash: ['wash_done'],
	ready: ['deliver', 'set_pickup'],
	delivered: ['follow_up'],
	followed_up: [],
	cancelled: []
};

/** The part of a repair order the state machine reads and writes. */
export interface RepairOrderState {
	stage: Stage;
	kind: RepairKind;
	wash: boolean;
	bayId: number | null;
	teamId: number | null;
	crewSize: number | null;
	pauseReason: PauseReason | null;
	pauseNote: string | null;
	reworkCount: number;
	workedMs: number;
	runningSince: number | null;
	stageSince: number;
	cancelReason: string | null;
	lastQcFailReason: string | null;
	/** What the team leader recommends to the customer at their check, who signed, and when. */
	teamRecommendations: string | null;
	teamCheckedBy: string | null;
	teamCheckedAt: number | null;
	pickupAt: number | null;
	readyAt: number | null;
	deliveredAt: number | null;
	nextServiceDate: string | null;
	nextServiceMileage: number | null;
	followUpTime: string | null;
	followUpOutcome: FollowUpOutcome | null;
}

export class TransitionRefused extends Error {
	constructor(
		readonly stage: Stage,
		readonly action: string,
		readonly allowed: readonly ActionName[]
	) {
		super(`"${action}" is not possible while the order is ${stage}; allowed: ${allowed.join(', ') || 'none'}`);
	}
}

/** Stages in which the order holds its bay. */
export const bayHoldingStages: readonly Stage[] = ['dispatched', 'in_progress', 'paused', 'team_check'];
/** Actions that change a detail of the order without moving it to another stage. */
export const inPlaceActions: readonly ActionName[] = ['set_crew', 'set_pickup'];

/** Stages that count as finished for the board: the car no longer needs the workshop. */
export const closedStages: readonly Stage[] = ['delivered', 'followed_up', 'cancelled'];

function stopClock(state: RepairOrderState, now: number): Pick<RepairOrderState, 'workedMs' | 'runningSince'> {
	if (state.runningSince === null) return { workedMs: state.workedMs, runningSince: null };
	return { workedMs: state.workedMs + Math.max(0, now - state.runningSince), runningSince: null };
}

/** Applies one action at server time `now`, or throws TransitionRefused. */
export function transition(state: RepairOrderState, input: Action, now: number): RepairOrderState {
	const allowed = allowedActions[state.stage];
	if (!allowed.includes(input.action)) throw new TransitionRefused(state.stage, input.action, allowed);
	const next = (stage: Stage, patch: Partial<RepairOrderState> = {}): RepairOrderState => ({
		...state,
		...patch,
		stage,
		stageSince: now,
		readyAt: stage === 'ready' ? now : state.readyAt
	});
	const afterChecks = (): Stage => (state.wash ? 'wash' : 'ready');
	switch (input.action) {
		case 'submit':
			return next('waiting_dispatch');
		case 'dispatch':
			return next('dispatched', { bayId: input.bayId, teamId: input.teamId, crewSize: input.crewSize });
		case 'start':
			return next('in_progress', { runningSince: now });
		case 'pause':
			return next('paused', {
				...stopClock(state, now),
				pauseReason: input.reason,
				pauseNote: input.note ?? null
			});
		case 'resume':
			return next('in_progress', { runningSince: now, pauseReason: null, pauseNote: null });
		case 'finish':
			return next('team_check', stopClock(state, now));
		case 'team_check_pass':
			// The car leaves its bay for QC; bayId stays as where it was worked on, so a failed QC
			// can send it back there (a bay is held only in the bay-holding stages).
			return next('final_qc', {
				teamRecommendations: input.recommendations === undefined ? state.teamRecommendations : input.recommendations.trim() || null,
				teamCheckedBy: input.signedBy ?? null,
				teamCheckedAt: now
			});
		case 'set_crew':
			// The standard time follows the crew; the stage and its clock do not change.
			return { ...state, crewSize: input.crewSize };
		case 'qc_pass':
			// Accident cars: the supervisor's inspection, then the advisor's.
			return next(state.kind === 'accident' ? 'advisor_check' : afterChecks());
		case 'advisor_check_pass':
			return next(afterChecks());
		case 'qc_fail':
			// Rework goes back to work at once, with the clock running on the same job.
			return next('in_progress', { reworkCount: state.reworkCount + 1, runningSince: now, lastQcFailReason: input.reason });
		case 'wash_done':
			return next('ready');
		case 'set_pickup':
			return { ...state, pickupAt: input.pickupAt };
		case 'deliver':
			return next('delivered', {
				deliveredAt: now,
				nextServiceDate: input.nextServiceDate ?? null,
				nextServiceMileage: input.nextServiceMileage ?? null,
				followUpTime: input.followUpTime ?? null
			});
		case 'follow_up':
			// No answer: the call stays in the queue, with the attempt recorded.
			if (input.outcome === 'no_answer') return { ...state, followUpOutcome: 'no_answer' };
			return next('followed_up', { followUpOutcome: input.outcome });
		case 'cancel':
			return next('cancelled', { ...stopClock(state, now), bayId: null, cancelReason: input.reason });
	}
}
