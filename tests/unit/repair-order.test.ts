import { describe, expect, it } from 'vitest';
import { allowedActions, bayHoldingStages, stages, transition, TransitionRefused, type Action, type ActionName, type RepairOrderState } from '$lib/domain/repair-order';

const base: RepairOrderState = {
	stage: 'checked_in',
	kind: 'maintenance',
	lastQcFailReason: null,
	teamRecommendations: null,
	teamCheckedBy: null,
	teamCheckedAt: null,
	pickupAt: null,
	readyAt: null,
	deliveredAt: null,
	nextServiceDate: null,
	nextServiceMileage: null,
	followUpTime: null,
	followUpOutcome: null,
	wash: true,
	bayId: null,
	teamId: null,
	crewSize: null,
	pauseReason: null,
	pauseNote: null,
	reworkCount: 0,
	workedMs: 0,
	runningSince: null,
	stageSince: 0,
	cancelReason: null
};

const sample: Record<ActionName, Action> = {
	submit: { action: 'submit' },
	dispatch: { action: 'dispatch', bayId: 3, teamId: 1, crewSize: 2 },
	set_crew: { action: 'set_crew', crewSize: 1 },
	advisor_check_pass: { action: 'advisor_check_pass' },
	set_pickup: { action: 'set_pickup', pickupAt: 999 },
	start: { action: 'start' },
	pause: { action: 'pause', reason: 'parts', note: 'filter on order' },
	resume: { action: 'resume' },
	finish: { action: 'finish' },
	team_check_pass: { action: 'team_check_pass', recommendations: ' 后轮胎 3 mm，建议 5000 km 内更换 ', signedBy: '王建华' },
	qc_pass: { action: 'qc_pass' },
	qc_fail: { action: 'qc_fail', reason: 'noise still there' },
	wash_done: { action: 'wash_done' },
	deliver: { action: 'deliver', nextServiceDate: '2027-05-27', nextServiceMileage: 20000, followUpTime: 'evenings' },
	follow_up: { action: 'follow_up', outcome: 'satisfied' },
	cancel: { action: 'cancel', reason: 'customer left' }
};

const MIN = 60_000;

describe('repair order life', () => {
	it('walks check-in to follow-up, with the clock counting only working time', () => {
		let s = base;
		s = transition(s, sample.submit, 1 * MIN);
		expect(s.stage).toBe('waiting_dispatch');
		s = transition(s, sample.dispatch, 5 * MIN);
		expect(s).toMatchObject({ stage: 'dispatched', bayId: 3, teamId: 1, crewSize: 2 });
		s = transition(s, sample.start, 10 * MIN);
		expect(s).toMatchObject({ stage: 'in_progress', runningSince: 10 * MIN });
		s = transition(s, sample.pause, 20 * MIN);
		expect(s).toMatchObject({ stage: 'paused', runningSince: null, workedMs: 10 * MIN, pauseReason: 'parts' });
		s = transition(s, sample.resume, 50 * MIN);
		expect(s).toMatchObject({ stage: 'in_progress', runningSince: 50 * MIN, pauseReason: null });
		s = transition(s, sample.finish, 65 * MIN);
		expect(s).toMatchObject({ stage: 'team_check', workedMs: 25 * MIN, runningSince: null, bayId: 3 });
		s = transition(s, sample.team_check_pass, 70 * MIN);
		expect(s).toMatchObject({ stage: 'final_qc', bayId: 3, teamRecommendations: '后轮胎 3 mm，建议 5000 km 内更换', teamCheckedBy: '王建华', teamCheckedAt: 70 * MIN });
		expect(bayHoldingStages).not.toContain('final_qc');
		s = transition(s, sample.qc_pass, 75 * MIN);
		expect(s.stage).toBe('wash');
		s = transition(s, sample.wash_done, 90 * MIN);
		expect(s).toMatchObject({ stage: 'ready', readyAt: 90 * MIN });
		s = transition(s, sample.set_pickup, 95 * MIN);
		expect(s).toMatchObject({ stage: 'ready', pickupAt: 999, stageSince: 90 * MIN });
		s = transition(s, sample.deliver, 120 * MIN);
		expect(s).toMatchObject({ stage: 'delivered', stageSince: 120 * MIN, deliveredAt: 120 * MIN, nextServiceDate: '2027-05-27', nextServiceMileage: 20000 });
		s = transition(s, sample.follow_up, 3 * 24 * 60 * MIN);
		expect(s.stage).toBe('followed_up');
	});

	it('sends accident cars through the supervisor QC, then the advisor check', () => {
		let s = transition({ ...base, kind: 'accident', stage: 'final_qc', wash: false }, sample.qc_pass, 0);
		expect(s.stage).toBe('advisor_check');
		s = transition(s, sample.advisor_check_pass, 1);
		expect(s.stage).toBe('ready');
		const back = transition({ ...base, kind: 'accident', stage: 'advisor_check' }, sample.qc_fail, 2);
		expect(back).toMatchObject({ stage: 'in_progress', reworkCount: 1, lastQcFailReason: 'noise still there' });
	});

	it('changes the crew without touching the stage or its clock', () => {
		const s = transition({ ...base, stage: 'in_progress', crewSize: 2, runningSince: 5, stageSince: 5 }, sample.set_crew, 50);
		expect(s).toMatchObject({ stage: 'in_progress', crewSize: 1, runningSince: 5, stageSince: 5 });
	});

	it('keeps an unanswered follow-up call in the queue', () => {
		const s = transition({ ...base, stage: 'delivered' }, { action: 'follow_up', outcome: 'no_answer' }, 0);
		expect(s).toMatchObject({ stage: 'delivered', followUpOutcome: 'no_answer' });
	});

	it('skips the wash when the customer did not choose it', () => {
		const s = transition({ ...base, stage: 'final_qc', wash: false }, sample.qc_pass, 0);
		expect(s.stage).toBe('ready');
	});

	it('sends a failed final QC back to work as rework, clock running', () => {
		const s = transition({ ...base, stage: 'final_qc', workedMs: 30 * MIN }, sample.qc_fail, 100 * MIN);
		expect(s).toMatchObject({ stage: 'in_progress', reworkCount: 1, runningSince: 100 * MIN, workedMs: 30 * MIN });
	});

	it('cancels from the early stages only, releasing the bay', () => {
		const s = transition({ ...base, stage: 'dispatched', bayId: 2 }, sample.cancel, 0);
		expect(s).toMatchObject({ stage: 'cancelled', bayId: null, cancelReason: 'customer left' });
	});

	it.each(stages.flatMap((stage) => (Object.keys(sample) as ActionName[]).filter((a) => !allowedActions[stage].includes(a)).map((a) => [stage, a] as const)))(
		'refuses %s → %s, naming the allowed actions',
		(stage, action) => {
			const state = { ...base, stage };
			expect(() => transition(state, sample[action], 0)).toThrow(TransitionRefused);
			try {
				transition(state, sample[action], 0);
			} catch (e) {
				expect((e as TransitionRefused).allowed).toEqual(allowedActions[stage]);
				expect((e as Error).message).toContain(stage);
			}
		}
	);
});

describe('team-leader check', () => {
	const atCheck: RepairOrderState = { ...base, stage: 'team_check', bayId: 3, teamId: 1, crewSize: 1 };
	it('records the recommendations and the signature; a later check replaces, clears or keeps them', () => {
		const first = transition(atCheck, { action: 'team_check_pass', recommendations: '空调滤芯脏', signedBy: '王建华' }, 10);
		expect(first).toMatchObject({ teamRecommendations: '空调滤芯脏', teamCheckedBy: '王建华', teamCheckedAt: 10 });
		const again = { ...first, stage: 'team_check' as const };
		expect(transition(again, { action: 'team_check_pass', signedBy: '张国栋' }, 20)).toMatchObject({ teamRecommendations: '空调滤芯脏', teamCheckedBy: '张国栋', teamCheckedAt: 20 });
		expect(transition(again, { action: 'team_check_pass', recommendations: '  ', signedBy: '王建华' }, 30).teamRecommendations).toBeNull();
		expect(transition(again, { action: 'team_check_pass', recommendations: '更换雨刮', signedBy: '王建华' }, 30).teamRecommendations).toBe('更换雨刮');
	});
});
