/**
 * The daily workshop log (修理日志) as a table of text: one source for the screen, the print and
 * the CSV, so the three always say the same. Times are HH:MM in the store's zone (with the date
 * when not the log's day: a car started the evening before).
 */
import Papa from 'papaparse';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { LogRow } from '$lib/domain/kpi-breakdowns';
import { toStoreLocal } from '$lib/domain/time';
import { stageLabel } from '$lib/stage-labels';

export const logColumns = ['no', 'plate', 'kind', 'advisor', 'team', 'crew', 'ops', 'start', 'end', 'std', 'actual', 'qc', 'stage'] as const;
export type LogColumn = (typeof logColumns)[number];

export const columnLabel: Record<LogColumn, () => string> = {
	no: m.kb_col_no,
	plate: m.kb_col_plate,
	kind: m.kb_col_kind,
	advisor: m.kb_col_advisor,
	team: m.kb_col_team,
	crew: m.kb_col_crew,
	ops: m.kb_col_ops,
	start: m.kb_col_start,
	end: m.kb_col_end,
	std: m.kb_col_std,
	actual: m.kb_col_actual,
	qc: m.kb_col_qc,
	stage: m.kb_col_stage
};

const kindLabel: Record<LogRow['kind'], () => string> = { maintenance: m.desk_kind_maintenance, repair: m.desk_kind_repair, accident: m.desk_kind_accident };

/** A moment as the log shows it: HH:MM on the log's day, MM-DD HH:MM on another; '' for none. */
export function logTime(at: number | null, day: string, timeZone: string): string {
	if (at === null) return '';
	const local = toStoreLocal(at, timeZone);
	if (!local) return '';
	return local.slice(0, 10) === day ? local.slice(11, 16) : `${local.slice(5, 10)} ${local.slice(11, 16)}`;
}

/** Operations as one cell's text: each name with its standard minutes. */
export const opText = (o: LogRow['operations'][number]): string => `${getLocale() === 'en' ? o.nameEn : o.nameZh} (${o.minutes})`;
export const opSeparator = (): string => (getLocale() === 'en' ? '; ' : '；');

export const qcText = (r: Pick<LogRow, 'qc' | 'reworkCount'>): string => (r.qc === 'pass' ? m.kb_qc_pass() : r.qc === 'rework' ? m.kb_qc_rework({ count: r.reworkCount }) : '—');

/** Over its standard time: red in the table. */
export const isOver = (r: Pick<LogRow, 'actualMinutes' | 'standardMinutes'>): boolean => r.standardMinutes > 0 && r.actualMinutes > r.standardMinutes;

/** One row's cells, in `logColumns` order. */
export function rowCells(r: LogRow, i: number, day: string, timeZone: string): Record<LogColumn, string> {
	const en = getLocale() === 'en';
	return {
		no: String(i + 1),
		plate: r.plate,
		kind: kindLabel[r.kind](),
		advisor: r.advisor,
		team: (en ? r.teamEn : r.teamZh) || '—',
		crew: r.crew.join(en ? ', ' : '、'),
		ops: r.operations.map(opText).join(opSeparator()),
		start: logTime(r.startedAt, day, timeZone),
		end: logTime(r.endedAt, day, timeZone),
		std: String(r.standardMinutes),
		actual: String(r.actualMinutes),
		qc: qcText(r),
		stage: stageLabel[r.stage]()
	};
}

export interface LogTotals {
	cars: number;
	standardHours: number;
	actualHours: number;
	/** Passed QC first time among the cars through QC; null when none is. */
	firstPass: number | null;
}

export function logTotals(rows: readonly LogRow[]): LogTotals {
	const std = rows.reduce((s, r) => s + r.standardMinutes, 0);
	const actual = rows.reduce((s, r) => s + r.actualMinutes, 0);
	const checked = rows.filter((r) => r.qc !== null);
	return {
		cars: rows.length,
		standardHours: Math.round(std / 6) / 10,
		actualHours: Math.round(actual / 6) / 10,
		firstPass: checked.length === 0 ? null : checked.filter((r) => r.qc === 'pass').length / checked.length
	};
}

/** The totals row's cells, in `logColumns` order. */
export function totalCells(t: LogTotals): Record<LogColumn, string> {
	const blank = Object.fromEntries(logColumns.map((c) => [c, ''])) as Record<LogColumn, string>;
	return {
		...blank,
		no: m.kb_total(),
		plate: m.kb_total_cars({ count: t.cars }),
		std: m.kb_total_hours({ hours: t.standardHours.toFixed(1) }),
		actual: m.kb_total_hours({ hours: t.actualHours.toFixed(1) }),
		qc: m.kb_total_first_pass({ share: t.firstPass === null ? '—' : `${Math.round(t.firstPass * 100)}%` })
	};
}

/** The CSV of the log: UTF-8 with a BOM (Excel in Chinese opens it right), the table's columns and rows, the totals last. */
export function logCsv(rows: readonly LogRow[], day: string, timeZone: string): string {
	const body = rows.map((r, i) => rowCells(r, i, day, timeZone));
	const data = [...body, totalCells(logTotals(rows))].map((c) => logColumns.map((k) => c[k]));
	return '\uFEFF' + Papa.unparse({ fields: logColumns.map((c) => columnLabel[c]()), data }, { newline: '\r\n' });
}
