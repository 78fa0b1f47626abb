import { describe, expect, it } from 'vitest';
import { storeDay, type OrderFacts } from '$lib/domain/group';

const now = Date.UTC(2026, 11, 1, 6, 0);
const dayStart = Date.UTC(2026, 10, 30, 16, 0);
const order = (o: Partial<OrderFacts> & Pick<OrderFacts, 'stage'>): OrderFacts => ({ promisedAt: null, overdueAt: null, deliveredAt: null, ...o });

describe("a store's day for the group overview", () => {
	it('counts each car once by where it is, the overdue among those in a bay, and the late among those not ready', () => {
		const day = storeDay(
			[
				order({ stage: 'checked_in', promisedAt: now - 60_000 }),
				order({ stage: 'waiting_dispatch' }),
				order({ stage: 'in_progress', overdueAt: now - 1 }),
				order({ stage: 'paused', promisedAt: now + 3_600_000 }),
				order({ stage: 'final_qc', promisedAt: now - 1 }),
				order({ stage: 'wash' }),
				// Ready before its promise passed: not late any more.
				order({ stage: 'ready', promisedAt: now - 3_600_000 }),
				order({ stage: 'delivered', deliveredAt: dayStart + 1 }),
				order({ stage: 'followed_up', deliveredAt: dayStart - 1 }),
				order({ stage: 'cancelled', promisedAt: now - 1 })
			],
			now,
			dayStart
		);
		expect(day).toEqual({ inShop: 7, waiting: 2, workshop: 2, overdue: 1, finishing: 2, ready: 1, late: 2, deliveredToday: 1 });
	});

	it('is all zeros for a store with no cars (a store just opened)', () => {
		expect(storeDay([], now, dayStart)).toEqual({ inShop: 0, waiting: 0, workshop: 0, overdue: 0, finishing: 0, ready: 0, late: 0, deliveredToday: 0 });
	});
});
