import type { PageServerLoad } from './$types';
import { getApp } from '$lib/server/app';
import { requireBoardViewer } from '$lib/server/features/access/guards';
import { displaySpeech } from '$lib/server/features/calls/speech';

export const load: PageServerLoad = async (event) => {
	const viewer = requireBoardViewer(event, 'bays');
	// A workshop TV the admin set to speak calls (issue 17): on, and in its language. Off for staff.
	// The page asks again each minute (the admin's switch reaches a TV that stays up for weeks).
	event.depends('pitwall:display-speech');
	const speech = viewer.kind === 'display' ? await displaySpeech((await getApp()).db, viewer.id) : { speech: false, language: 'zh-CN' };
	return { viewer: viewer.kind, speech: speech.speech ? speech.language : null };
};
