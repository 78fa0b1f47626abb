import { getContext, setContext } from 'svelte';
import { m } from '$lib/paraglide/messages';
import type { ApiError, ApiResult } from '$lib/api/client';

/**
 * A refusal from the API, said where it belongs: next to the field it names (`{error, message,
 * field}`), or above the form when it names none of the form's fields. Refusals the screen knows
 * by their code are said in the screen's language; the rest keep the server's words.
 */
export type Refused = ApiError | null;

/** The server's message without its "field: " prefix (the field is next to it already). */
function bare(e: ApiError): string {
	const prefix = `${e.field}: `;
	return e.field && e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
}

/** The refusal in the screen's words where there are some. */
export function say(e: ApiError): string {
	switch (e.error) {
		case 'version_conflict':
			return m.admin_err_conflict();
		case 'network':
			return m.admin_err_network();
		case 'forbidden':
			return m.admin_err_forbidden();
		case 'http_404':
		case 'not_found':
			return e.field ? bare(e) : m.admin_err_missing();
		case 'unauthorized':
			return m.admin_err_signed_out();
		default:
			return bare(e);
	}
}

/** The message for `field`, when the refusal names it (`pin` also matches `pin2` for the second PIN box). */
export function fieldError(e: Refused, field: string): string | undefined {
	if (!e || !e.field) return undefined;
	return e.field === field || e.field.split('.')[0] === field ? say(e) : undefined;
}

/** The message for the form as a whole: when the refusal names no field the form shows. */
export function formError(e: Refused, fields: readonly string[]): string | undefined {
	if (!e) return undefined;
	if (e.field && fields.some((f) => e.field === f || e.field!.split('.')[0] === f)) return undefined;
	return say(e);
}

/** Runs one request: its refusal (or null) and, when it went through, its answer. */
export async function attempt<T>(call: Promise<ApiResult<T>>): Promise<{ refused: Refused; data: T | null }> {
	const r = await call;
	return r.ok ? { refused: null, data: r.data } : { refused: r.error, data: null };
}

/**
 * What a press of a dialog's submit button came to: it went through (null), it was refused, or
 * `'ask'`: the server wants a second, confirmed press (the dialog stays open and says why itself).
 */
export type Outcome = Refused | 'ask';

/**
 * A form's refusal as its fields read it (FormField): the refusal itself, and the fields the form
 * shows now (each FormField adds its own while it is on the page). A refusal that names none of
 * them is said above the form's buttons.
 */
export type RefusalScope = { refused: () => Refused; fields: Set<string> };

const scopeKey = Symbol('refusal-scope');

/** Makes `refused` the refusal the FormFields inside this component say theirs from. */
export function refusalScope(refused: () => Refused): RefusalScope {
	return setContext(scopeKey, { refused, fields: new Set<string>() });
}

export function useRefusalScope(): RefusalScope {
	const scope = getContext<RefusalScope | undefined>(scopeKey);
	if (!scope) throw new Error('FormField is used outside a form with a refusalScope');
	return scope;
}
