import { m } from '$lib/paraglide/messages';
import { carSpots, type CarSpot } from '$lib/domain/photos';
import { spotLabel } from '$lib/components/photos/labels';
import { roles, type Role } from '$lib/domain/permissions';
import { pauseLabel, stageLabel } from '$lib/stage-labels';
import type { FollowUpOutcome, PauseReason, Stage } from '$lib/domain/repair-order';
import { outcomeLabel } from '$lib/components/desk/format';
import { roleName } from './labels';
import { when } from './format';

/**
 * The audit trail in words: each event's type (`repairOrder.deliver`) as the shop says it, and
 * what changed (its recorded fields) as "label: value" pairs instead of JSON. An event type this
 * table does not know yet is said by its subject and verb.
 */
const actions: Record<string, () => string> = {
	'repairOrder.created': m.audit_ro_created,
	'repairOrder.submit': m.audit_ro_submit,
	'repairOrder.dispatch': m.audit_ro_dispatch,
	'repairOrder.set_crew': m.audit_ro_set_crew,
	'repairOrder.start': m.audit_ro_start,
	'repairOrder.pause': m.audit_ro_pause,
	'repairOrder.resume': m.audit_ro_resume,
	'repairOrder.finish': m.audit_ro_finish,
	'repairOrder.team_check_pass': m.audit_ro_team_check_pass,
	'repairOrder.qc_pass': m.audit_ro_qc_pass,
	'repairOrder.qc_fail': m.audit_ro_qc_fail,
	'repairOrder.advisor_check_pass': m.audit_ro_advisor_check_pass,
	'repairOrder.wash_done': m.audit_ro_wash_done,
	'repairOrder.set_pickup': m.audit_ro_set_pickup,
	'repairOrder.deliver': m.audit_ro_deliver,
	'repairOrder.follow_up': m.audit_ro_follow_up,
	'repairOrder.cancel': m.audit_ro_cancel,
	'repairOrder.ready_time_announced': m.audit_ro_ready_time,
	'repairOrder.overdue': m.audit_ro_overdue,
	'repairOrder.escalated': m.audit_ro_escalated,
	'repairOrder.overdueCleared': m.audit_ro_overdue_cleared,
	'addon.raised': m.audit_addon_raised,
	'addon.approved': m.audit_addon_approved,
	'addon.declined': m.audit_addon_declined,
	'partsRequest.created': m.audit_parts_requested,
	'partsRequest.lineAdded': m.audit_parts_line_added,
	'partsRequest.confirmed': m.audit_parts_confirmed,
	'partsRequest.issued': m.audit_parts_issued,
	'stock.received': m.audit_stock_received,
	'stock.adjusted': m.audit_stock_adjusted,
	'stock.moved': m.audit_stock_moved,
	'stock.imported': m.audit_stock_imported,
	'part.imported': m.audit_part_imported,
	'partBin.imported': m.audit_bin_imported,
	'specialOrder.draft': m.audit_so_draft,
	'specialOrder.registered': m.audit_so_registered,
	'specialOrder.reviewed': m.audit_so_reviewed,
	'specialOrder.ordered': m.audit_so_ordered,
	'specialOrder.arrived': m.audit_so_arrived,
	'specialOrder.advisor_notified': m.audit_so_advisor_notified,
	'specialOrder.customer_informed': m.audit_so_customer_informed,
	'specialOrder.visit_agreed': m.audit_so_visit_agreed,
	'specialOrder.fitted': m.audit_so_fitted,
	'specialOrder.cancelled': m.audit_so_cancelled,
	'equipment.done': m.audit_eq_done,
	'equipment.checkFailed': m.audit_eq_check_failed,
	'equipment.repair': m.audit_eq_repair,
	'equipment.reading': m.audit_eq_reading,
	'equipment.outOfService': m.audit_eq_out,
	'equipment.backInService': m.audit_eq_back,
	'equipment.taskAdded': m.audit_eq_task_added,
	'equipment.taskUpdated': m.audit_eq_task_updated,
	'equipment.taskRetired': m.audit_eq_task_retired,
	'bay.outOfService': m.audit_bay_out,
	'bay.returnedToService': m.audit_bay_back,
	'user.pinReset': m.audit_user_pin,
	'user.deactivated': m.audit_user_deactivated,
	'user.reactivated': m.audit_user_reactivated,
	'signin.lockedOut': m.audit_signin_locked,
	'signin.unlocked': m.audit_signin_unlocked,
	'display.paired': m.audit_display_paired,
	'display.revoked': m.audit_display_revoked,
	'token.revoked': m.audit_token_revoked,
	'photo.added': m.photo_audit_added,
	'photo.removed': m.photo_audit_removed,
	'photo.pruned': m.photo_audit_pruned,
	'photo.settings': m.photo_audit_settings
};

const subjects: Record<string, () => string> = {
	repairOrder: m.audit_subject_ro,
	addon: m.audit_subject_addon,
	partsRequest: m.audit_subject_parts,
	part: m.audit_subject_part,
	partBin: m.audit_subject_bin,
	bin: m.audit_subject_bin,
	partZone: m.audit_subject_zone,
	zone: m.audit_subject_zone,
	specialOrder: m.audit_subject_special,
	equipment: m.audit_subject_equipment,
	bay: m.audit_subject_bay,
	team: m.audit_subject_team,
	standardTime: m.audit_subject_op,
	store: m.audit_subject_store,
	user: m.audit_subject_user,
	signin: m.audit_subject_signin,
	display: m.audit_subject_display,
	token: m.audit_subject_token
};

const verbs: Record<string, () => string> = {
	created: m.audit_verb_created,
	create: m.audit_verb_created,
	updated: m.audit_verb_updated,
	update: m.audit_verb_updated,
	saved: m.audit_verb_updated,
	revoked: m.audit_verb_revoked,
	imported: m.audit_verb_imported
};

/** An event type in words. */
export function actionText(type: string): string {
	const known = actions[type];
	if (known) return known();
	const [subject, verb = ''] = type.split('.');
	const s = subjects[subject]?.() ?? subject;
	return `${s} · ${verbs[verb]?.() ?? verb}`;
}

/** The filter's groups of events: all of one subject (the type's prefix). */
export const auditKinds = (): { value: string; label: string }[] => [
	{ value: '', label: m.audit_kind_all() },
	...Object.keys(subjects).map((k) => ({ value: `${k}.`, label: subjects[k]() }))
];

/** Who acted, when it was not a person: a wall screen, an API token, a customer's link, Pitwall itself. */
export const actorKindText: Record<string, () => string> = {
	display: m.audit_actor_display,
	token: m.audit_actor_token,
	customer: m.audit_actor_customer,
	system: m.audit_actor_system
};

/** Pitwall's own jobs, named by what they do in the screen's language (the events keep the English name). */
const systemActors: Record<string, () => string> = {
	'Pitwall overdue watch': m.audit_system_overdue,
	'Pitwall call watch': m.audit_system_calls,
	'First-run set-up': m.audit_system_setup
};

/** Who acted, as the audit shows it: a person's name, or which of Pitwall's jobs ('' for Pitwall itself: its kind says it). */
export function actorText(e: { actor: string; actorKind: string }): string {
	if (e.actorKind !== 'system') return e.actor;
	return systemActors[e.actor]?.() ?? (e.actor === 'Pitwall' ? '' : e.actor);
}

const fieldLabels: Record<string, () => string> = {
	bay: m.audit_f_bay,
	team: m.audit_f_team,
	crewSize: m.audit_f_crew,
	reason: m.audit_f_reason,
	note: m.audit_f_note,
	pickupAt: m.audit_f_pickup,
	readyAt: m.audit_f_ready,
	promisedAt: m.audit_f_promised,
	nextServiceDate: m.audit_f_next_date,
	nextServiceMileage: m.audit_f_next_mileage,
	followUpTime: m.audit_f_follow_up,
	outcome: m.audit_f_outcome,
	finding: m.audit_f_finding,
	safety: m.audit_f_safety,
	plate: m.audit_f_plate,
	code: m.audit_f_code,
	name: m.audit_f_name,
	nameZh: m.audit_f_name_zh,
	nameEn: m.audit_f_name_en,
	role: m.audit_f_role,
	category: m.audit_f_category,
	minutes1: m.audit_f_minutes1,
	minutes2: m.audit_f_minutes2,
	kind: m.audit_f_kind,
	device: m.audit_f_device,
	scope: m.audit_f_scope,
	board: m.audit_f_board,
	language: m.audit_f_language,
	recommendations: m.audit_f_recommendations,
	mileage: m.audit_f_mileage,
	spot: m.photo_audit_f_spot,
	pruned: m.photo_audit_f_pruned,
	retentionDays: m.photo_audit_f_retention,
	deliveredAt: m.audit_f_delivered
};

/** Fields said elsewhere on the row (the order number is the subject) or of no use to a reader. */
const hidden = new Set(['number', 'from', 'to', 'addonId', 'requestId', 'id', 'expectedVersion', 'action', 'pinHash', 'pin', 'photoId', 'before', 'bayId']);

function value(key: string, v: unknown): string {
	if (v === null || v === undefined || v === '') return '—';
	if (typeof v === 'boolean') return v ? m.audit_yes() : m.audit_no();
	if (key === 'reason' && typeof v === 'string' && v in pauseLabel) return pauseLabel[v as PauseReason]();
	if (key === 'outcome' && typeof v === 'string' && v in outcomeLabel) return outcomeLabel[v as FollowUpOutcome]();
	if (key === 'role' && typeof v === 'string' && (roles as readonly string[]).includes(v)) return roleName[v as Role]();
	if (key === 'spot' && typeof v === 'string' && (carSpots as readonly string[]).includes(v)) return spotLabel(v as CarSpot);
	if (/(At|Time)$/.test(key) && (typeof v === 'number' || (typeof v === 'string' && !Number.isNaN(Date.parse(v))))) return when(typeof v === 'number' ? v : Date.parse(v));
	if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null ? (((x as Record<string, unknown>).code ?? (x as Record<string, unknown>).nameZh ?? JSON.stringify(x)) as string) : String(x))).join(', ');
	if (typeof v === 'object') return JSON.stringify(v);
	return String(v);
}

/** What an event changed, as label and value pairs (a stage change first, as "from → to"). */
export function changes(raw: string): { label: string; value: string }[] {
	let data: Record<string, unknown>;
	try {
		const parsed: unknown = JSON.parse(raw);
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return parsed === null || parsed === undefined ? [] : [{ label: '', value: String(parsed) }];
		data = parsed as Record<string, unknown>;
	} catch {
		return raw ? [{ label: '', value: raw }] : [];
	}
	const out: { label: string; value: string }[] = [];
	if (typeof data.from === 'string' && typeof data.to === 'string' && data.from !== data.to) {
		const stage = (s: string) => stageLabel[s as Stage]?.() ?? s;
		out.push({ label: m.audit_f_stage(), value: `${stage(data.from)} → ${stage(data.to)}` });
	}
	for (const [key, v] of Object.entries(data)) {
		if (hidden.has(key) || v === undefined) continue;
		out.push({ label: fieldLabels[key]?.() ?? key, value: value(key, v) });
	}
	return out;
}
