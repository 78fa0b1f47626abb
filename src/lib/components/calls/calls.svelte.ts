import { getContext, onMount, setContext } from 'svelte';
import { LiveScreen } from '$lib/live/screen.svelte';
import { idempotencyKey, post, type ApiResult } from '$lib/api/client';
import { isActive, mayAnswer, mayWithdraw, type CallReason, type CallTarget } from '$lib/domain/calls';
import type { Role } from '$lib/domain/permissions';
import type { CallView } from '$lib/live/protocol';
import { chime } from './chime.svelte';

export interface CallViewer {
	role: Role;
	userId: number | null;
}

export type CallSource = 'tablet' | 'desk' | 'qc' | 'kiosk';

export interface RaiseCall {
	bay: string;
	target: CallTarget;
	reason: CallReason;
	note?: string;
	person?: number;
}

const KEY = Symbol('calls');

/**
 * A screen's calls: a second live screen on the `calls` channel (browser only: nothing live during
 * SSR), the viewer's own calls (those they may answer), a chime when a new one arrives for them,
 * and the commands (raise, on my way, done). Create it while the page's component initialises.
 */
export class CallsLive {
	readonly screen: LiveScreen<'calls'>;
	readonly viewer: CallViewer;
	readonly from: CallSource;
	/** Answers to this screen's own commands, shown until the live state is as new. */
	#answers = $state.raw<Record<number, CallView>>({});
	#busy = $state<Record<number, boolean>>({});
	#seen: Map<number, number> | null = null;

	constructor(options: { timeZone: string; viewer: CallViewer; from: CallSource; tick?: number }) {
		this.viewer = options.viewer;
		this.from = options.from;
		this.screen = new LiveScreen('calls', { timeZone: options.timeZone, tick: options.tick ?? 1000 });
		setContext(KEY, this);
		onMount(() => {
			const arm = () => chime.armed();
			window.addEventListener('pointerdown', arm, { passive: true });
			return () => window.removeEventListener('pointerdown', arm);
		});
		// A new call for the viewer (or one asked for again): the chime, once.
		$effect(() => {
			const all = this.all;
			if (this.screen.state.epoch === null) return;
			const first = this.#seen === null;
			const seen = this.#seen ?? new Map<number, number>();
			const ring: CallView[] = [];
			for (const c of all) {
				const before = seen.get(c.id);
				if (!first && c.status === 'open' && (before === undefined || before < c.repeats) && this.mine(c)) ring.push(c);
				seen.set(c.id, c.repeats);
			}
			this.#seen = seen;
			if (ring.length) chime.play(ring.some((c) => c.urgent));
		});
	}

	/** Every call on the channel (active and today's finished), newest answers of this screen merged in. */
	get all(): CallView[] {
		const out: Record<number, CallView> = { ...((this.screen.state.entities.call ?? {}) as Record<string, CallView>) };
		for (const a of Object.values(this.#answers)) if (!out[a.id] || out[a.id].version < a.version) out[a.id] = a;
		return Object.values(out);
	}

	get now(): number {
		return this.screen.now;
	}

	get loading(): boolean {
		return this.screen.state.epoch === null;
	}

	/** Active calls, escalated and urgent first, then the longest waiting. */
	get active(): CallView[] {
		return this.all.filter(isActive).sort(callOrder);
	}

	/** Today's finished calls, the latest first. */
	get finished(): CallView[] {
		return this.all.filter((c) => !isActive(c)).sort((a, b) => (b.doneAt ?? b.closedAt ?? 0) - (a.doneAt ?? a.closedAt ?? 0));
	}

	/** A call the viewer may answer (their role's, theirs, or the supervisor's and manager's). */
	mine(c: CallView): boolean {
		return mayAnswer(c, this.viewer);
	}

	/** Active calls the viewer may answer. */
	get forMe(): CallView[] {
		return this.active.filter((c) => this.mine(c));
	}

	/** An active call the viewer may take back: theirs, or any for the supervisor and the manager. */
	mayWithdraw(c: CallView): boolean {
		return isActive(c) && mayWithdraw(c, this.viewer);
	}

	/** Active calls the viewer raised that are not theirs to answer (shown with "Withdraw"). */
	get raisedByMe(): CallView[] {
		return this.active.filter((c) => this.viewer.userId !== null && c.raisedById === this.viewer.userId && !this.mine(c));
	}

	/** Calls of one job (the tablet's card): the active ones, else today's last one. */
	ofOrder(repairOrderId: number): CallView[] {
		return this.all.filter((c) => c.repairOrderId === repairOrderId).sort((a, b) => b.raisedAt - a.raisedAt);
	}

	busy(id: number): boolean {
		return !!this.#busy[id];
	}

	#remember(c: CallView) {
		this.#answers = { ...this.#answers, [c.id]: c };
	}

	async raise(body: RaiseCall, key = idempotencyKey()): Promise<ApiResult<{ call: CallView; merged: boolean }>> {
		const r = await post<{ call: CallView; merged: boolean }>('/api/v1/calls', { ...body, from: this.from }, { idempotencyKey: key, reloadOnSignOut: true });
		if (r.ok) this.#remember(r.data.call);
		return r;
	}

	/** "On my way", "done", or taking one's call back (closed, reason 'withdrawn'). */
	async answer(c: CallView, action: 'acknowledge' | 'done' | 'withdraw'): Promise<ApiResult<CallView>> {
		this.#busy[c.id] = true;
		const path = action === 'withdraw' ? 'close' : action;
		const body = action === 'withdraw' ? { reason: 'withdrawn' } : {};
		const r = await post<CallView>(`/api/v1/calls/${c.id}/${path}`, body, { idempotencyKey: idempotencyKey(), reloadOnSignOut: true });
		this.#busy[c.id] = false;
		if (r.ok) this.#remember(r.data);
		return r;
	}
}

/** Escalated and urgent calls first, then by how long they have waited. */
export function callOrder(a: Pick<CallView, 'escalatedAt' | 'urgent' | 'raisedAt' | 'id'>, b: typeof a): number {
	const rank = (c: typeof a) => (c.escalatedAt !== null ? 0 : c.urgent ? 1 : 2);
	return rank(a) - rank(b) || a.raisedAt - b.raisedAt || a.id - b.id;
}

/** The page's calls store, for a component under it. */
export function callsLive(): CallsLive | undefined {
	return getContext<CallsLive | undefined>(KEY);
}
