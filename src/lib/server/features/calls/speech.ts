import { z } from 'zod';
import { CommandError, defineCommand } from '$lib/server/core/commands';
import type { Db } from '$lib/server/db/database';

/**
 * Whether a workshop TV speaks each new call (issue 17): off by default per display, set by the
 * admin (display.manage) for a screen showing the bay board. One command, its event.
 */
export const setDisplaySpeech = defineCommand({
	type: 'display.speech',
	schema: z.object({ displayId: z.number().int().positive(), speech: z.boolean() }),
	permission: () => 'display.manage',
	async handle(tx, input, env) {
		const display = await tx.selectFrom('displays').select(['id', 'name', 'board', 'revoked_at']).where('id', '=', input.displayId).where('store_id', '=', env.storeId).executeTakeFirst();
		if (!display || display.revoked_at !== null) throw new CommandError(404, 'not_found', 'displayId: no such screen (or it was revoked)', 'displayId');
		if (display.board !== 'bays') throw new CommandError(409, 'not_a_bay_board', 'displayId: only a screen showing the bay board speaks calls', 'displayId');
		await tx.updateTable('displays').set({ speech: input.speech ? 1 : 0 }).where('id', '=', display.id).execute();
		return {
			result: { displayId: display.id, speech: input.speech },
			event: { type: 'display.speechSet', subjectKind: 'display', subjectId: display.id, data: { name: display.name, speech: input.speech }, images: [] }
		};
	}
});

/** Whether a paired display speaks calls, and in which language. */
export async function displaySpeech(db: Db, displayId: number): Promise<{ speech: boolean; language: string }> {
	const d = await db.selectFrom('displays').select(['speech', 'language']).where('id', '=', displayId).executeTakeFirst();
	return { speech: d?.speech === 1, language: d?.language ?? 'zh-CN' };
}
