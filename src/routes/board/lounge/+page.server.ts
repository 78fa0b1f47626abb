import type { PageServerLoad } from './$types';
import { requireBoardViewer } from '$lib/server/features/access/guards';
import { getLocale } from '$lib/paraglide/runtime';
import { displayLanguages, type DisplayLanguage } from '$lib/live/protocol';

/**
 * The customer lounge TV. Its language is the display's own setting (Chinese, English or both);
 * staff looking at it may try `?lang=`. The page carries no data: rows arrive on the socket,
 * already through the privacy projection.
 */
export const load: PageServerLoad = (event) => {
	const viewer = requireBoardViewer(event, 'lounge');
	const asked = event.url.searchParams.get('lang');
	const language: DisplayLanguage =
		viewer.kind === 'display' && (displayLanguages as readonly string[]).includes(viewer.language)
			? (viewer.language as DisplayLanguage)
			: asked && (displayLanguages as readonly string[]).includes(asked)
				? (asked as DisplayLanguage)
				: getLocale();
	return { viewer: viewer.kind, language };
};
