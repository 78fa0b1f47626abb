import type { ActionName } from '$lib/domain/repair-order';
import type { RepairOrderView } from '$lib/live/protocol';
import { transition, type ApiResult } from '$lib/api/client';
import { errorText } from '../errors';
import type { PickedOp } from '../orders';

/** Which inline form of the panel is open. */
export type PanelForm = null | 'pause' | 'qc_fail' | 'cancel' | 'deliver' | 'addon';

/**
 * The order panel's commands, shared by its sections: one request at a time, the refusal to
 * show, and the inline form that is open (its fields are filled against the version seen when
 * it opened, so a change meanwhile is reported, not overwritten).
 */
export class OrderCommands {
	busy = $state(false);
	notice = $state<{ kind: 'conflict' | 'error'; text: string } | null>(null);
	form = $state<PanelForm>(null);
	dispatching = $state(false);
	/** The add-on being written: kept here, as its section moves up when one is waiting for the customer. */
	addon = $state<{ finding: string; safety: boolean; ops: PickedOp[] }>({ finding: '', safety: false, ops: [] });
	#formVersion = 0;

	constructor(private readonly order: () => RepairOrderView) {}

	openForm(f: PanelForm) {
		this.form = this.form === f ? null : f;
		this.#formVersion = this.order().version;
		this.notice = null;
	}

	/** The version the open form was filled against. */
	get formVersion() {
		return this.#formVersion;
	}

	async run(call: () => Promise<ApiResult<unknown>>): Promise<boolean> {
		this.busy = true;
		this.notice = null;
		const r = await call();
		this.busy = false;
		if (r.ok) return true;
		this.notice = { kind: r.error.error === 'version_conflict' ? 'conflict' : 'error', text: errorText(r.error) };
		// The live state already shows what changed; the next press is a deliberate redo.
		if (r.error.error === 'version_conflict') this.#formVersion = r.error.currentVersion ?? this.order().version;
		return false;
	}

	/** A one-press action, at the version on screen now. */
	act = (action: ActionName, fields: Record<string, unknown> = {}) => this.run(() => transition(this.order(), action, fields));

	/** A form's action, at the version seen when the form opened; closes the form when done. */
	actForm = async (action: ActionName, fields: Record<string, unknown>) => {
		if (await this.run(() => transition({ id: this.order().id, version: this.#formVersion }, action, fields))) this.form = null;
	};
}
