import { m } from '$lib/paraglide/messages';
import type { ProgressStep } from '$lib/live/protocol';

export type LoungeLanguage = 'zh-CN' | 'en' | 'both';
export type Message = (inputs?: Record<string, never>, options?: { locale?: 'zh-CN' | 'en' }) => string;
/** A label in the display's language, or in both (Chinese first, English under it). */
export type Bilingual = [string, string | null];

export const textIn = (language: LoungeLanguage, msg: Message): Bilingual =>
	language === 'both' ? [msg({}, { locale: 'zh-CN' }), msg({}, { locale: 'en' })] : [msg({}, { locale: language }), null];

export const stepLabel: Record<ProgressStep, Message> = {
	received: m.lounge_step_received,
	in_service: m.lounge_step_in_service,
	quality_check: m.lounge_step_quality_check,
	wash: m.lounge_step_wash,
	ready: m.lounge_step_ready
};

/**
 * A day in each language's own order: 12月2日 for a Chinese reader, 2 Dec for an English one
 * (never 02/12, which a Chinese customer reads as 12 February).
 */
export function dayFormatter(language: LoungeLanguage, timeZone: string): (at: number) => Bilingual {
	const zh = new Intl.DateTimeFormat('zh-CN', { month: 'long', day: 'numeric', timeZone });
	const en = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone });
	return (at) => (language === 'both' ? [zh.format(at), en.format(at)] : [(language === 'en' ? en : zh).format(at), null]);
}
