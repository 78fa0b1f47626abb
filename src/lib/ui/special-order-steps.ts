/**
 * A special order's steps in the screen's language: one list for every screen that names them
 * (the parts room's, the desk's and the wall's special orders, the manager's "special orders by step").
 */
import { m } from '$lib/paraglide/messages';
import type { Step } from '$lib/domain/special-orders';

export const specialOrderStepLabel: Record<Step, () => string> = {
	draft: m.so_step_draft,
	registered: m.so_step_registered,
	reviewed: m.so_step_reviewed,
	ordered: m.so_step_ordered,
	arrived: m.so_step_arrived,
	advisor_notified: m.so_step_advisor_notified,
	customer_informed: m.so_step_customer_informed,
	visit_agreed: m.so_step_visit_agreed,
	fitted: m.so_step_fitted,
	cancelled: m.so_step_cancelled
};

/** A step in words; a code Pitwall does not know (a newer server's) as it is. */
export const specialOrderStepText = (step: string): string => (Object.hasOwn(specialOrderStepLabel, step) ? specialOrderStepLabel[step as Step]() : step);
