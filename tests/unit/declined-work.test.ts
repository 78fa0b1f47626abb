import { describe, expect, it } from 'vitest';
import { RECALL_DAYS, RECALL_MAX, workToRaiseAgain } from '$lib/domain/declined-work';

const DAY = 86_400_000;
const now = Date.parse('2026-12-01T02:00:00Z');
const declined = (finding: string, daysAgo: number, safety = false) => ({ finding, safety, decidedAt: now - daysAgo * DAY });

describe('declined work raised again at the next check-in', () => {
	it('keeps a year of decisions: safety first, then the newest', () => {
		const list = [declined('雨刮片老化', 30), declined('前刹车片 2 mm', 200, true), declined('空调滤芯脏', 5), declined('轮胎老化', RECALL_DAYS + 1)];
		expect(workToRaiseAgain(list, now).map((d) => d.finding)).toEqual(['前刹车片 2 mm', '空调滤芯脏', '雨刮片老化']);
	});

	it('shows a finding declined on two visits once, as last declined, however it was spaced or cased', () => {
		const list = [declined('Wiper blades  worn', 90), declined('wiper blades worn ', 10)];
		expect(workToRaiseAgain(list, now)).toEqual([list[1]]);
	});

	it(`shows at most ${RECALL_MAX}, and nothing decided after now (a clock set back)`, () => {
		const list = Array.from({ length: 8 }, (_, i) => declined(`finding ${i}`, i + 1));
		expect(workToRaiseAgain(list, now)).toHaveLength(RECALL_MAX);
		expect(workToRaiseAgain([declined('later', -1)], now)).toEqual([]);
		expect(workToRaiseAgain([], now)).toEqual([]);
	});
});
