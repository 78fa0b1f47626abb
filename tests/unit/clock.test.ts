import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ServerClock } from '$lib/live/clock';

describe('server clock estimate', () => {
	it('keeps the lowest round trip and is off by at most half of it', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: -3_600_000, max: 3_600_000 }), // local clock error
				fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 12 }),
				(skew, delays) => {
					let mono = 1_000_000;
					const serverAt = (m: number) => m + skew; // the server's clock, in local monotonic terms
					const clock = new ServerClock(() => mono);
					for (const [up, down] of delays) {
						const t0 = mono;
						mono += up;
						const server = serverAt(mono);
						mono += down;
						clock.add(t0, server, mono);
					}
					const best = Math.min(...delays.map(([u, d]) => u + d));
					expect(clock.best!.rtt).toBe(best);
					expect(Math.abs(clock.now() - serverAt(mono))).toBeLessThanOrEqual(best / 2);
				}
			)
		);
	});
	it('falls back to the local clock before any sample', () => {
		const clock = new ServerClock(() => 0);
		expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1000);
		expect(clock.synced).toBe(false);
	});
});

describe('before the first round trip', () => {
	it('takes the server time a message carried rather than the screen clock, until measured', () => {
		let mono = 5000;
		const clock = new ServerClock(() => mono);
		const server = Date.now() - 17 * 60_000; // the screen's clock is 17 minutes fast
		clock.hint(server);
		mono += 1000;
		expect(clock.now()).toBe(server + 1000);
		expect(clock.synced).toBe(false);
		clock.add(mono, server + 2000, mono + 20);
		expect(clock.synced).toBe(true);
		expect(clock.best!.rtt).toBe(20);
		clock.hint(0); // ignored once measured
		expect(clock.best!.rtt).toBe(20);
	});
});
