import { describe, expect, it } from 'vitest';
import { camelize, changedColumns } from '$lib/server/core/rows';

describe('rows and views', () => {
	it('names each column as a field, digits too', () => {
		expect(camelize({ stage_since: 1, minutes_1: 45, minutes_2: 30, id: 7, team_checked_at: null })).toEqual({
			stageSince: 1,
			minutes1: 45,
			minutes2: 30,
			id: 7,
			teamCheckedAt: null
		});
	});

	it('writes back only what changed, as columns, booleans as 0/1', () => {
		const before: Record<string, unknown> = { stage: 'paused', stageSince: 1, minutes1: 45, wash: false, pauseNote: 'parts' };
		const after = { ...before, stage: 'in_progress', stageSince: 2, wash: true, pauseNote: null };
		expect(changedColumns(before, after)).toEqual({ stage: 'in_progress', stage_since: 2, wash: 1, pause_note: null });
		expect(changedColumns(before, { ...before, minutes1: 50 })).toEqual({ minutes_1: 50 });
		expect(changedColumns(before, before)).toEqual({});
	});
});
