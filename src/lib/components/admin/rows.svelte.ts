import type { ApiResult } from '$lib/api/client';
import { attempt, type Refused } from './refusal';

/**
 * A list's one-press row actions (a bay back in service, a person deactivated): which row's
 * button is busy, and a refusal, said under the row it came from.
 */
export class RowActions {
	busyId = $state<number | null>(null);
	#refused = $state<{ id: number; refused: Refused } | null>(null);

	/** Runs `call` for row `id`, keeps its refusal, then `after` (reloads the list) either way. */
	async run(id: number, call: Promise<ApiResult<unknown>>, after: () => Promise<void>): Promise<void> {
		this.busyId = id;
		const r = await attempt(call);
		this.busyId = null;
		this.#refused = r.refused ? { id, refused: r.refused } : null;
		await after();
	}

	refusedFor(id: number): Refused {
		return this.#refused?.id === id ? this.#refused.refused : null;
	}
}
