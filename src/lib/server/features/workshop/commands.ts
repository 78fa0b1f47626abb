import { z } from 'zod';
import { CommandError, checkVersion, defineCommand, expectedVersion } from '$lib/server/core/commands';
import { bayView } from './repository';

/** A lift or bay taken out of service (or back): the board and the dispatcher see it at once. */
export const setBayService = defineCommand({
	type: 'bay.setService',
	permission: () => 'bay.setService',
	schema: z
		.object({
			bay: z.string().trim().min(1),
			inService: z.boolean(),
			reason: z.string().trim().max(200).optional(),
			expectedVersion
		})
		.refine((v) => v.inService || (v.reason?.length ?? 0) > 0, { message: 'say why the bay is out of service', path: ['reason'] }),
	async handle(tx, input, env) {
		const bay = await tx.selectFrom('bays').selectAll().where('store_id', '=', env.storeId).where('code', '=', input.bay).executeTakeFirst();
		if (!bay) throw new CommandError(404, 'not_found', `bay "${input.bay}" does not exist`, 'bay');
		checkVersion(bay.version, input.expectedVersion, `Bay ${bay.code}`);
		await tx
			.updateTable('bays')
			.set({ in_service: input.inService ? 1 : 0, out_of_service_reason: input.inService ? null : input.reason!, version: bay.version + 1 })
			.where('id', '=', bay.id)
			.execute();
		const view = (await bayView(tx, bay.id))!;
		return {
			result: view,
			event: {
				type: input.inService ? 'bay.returnedToService' : 'bay.outOfService',
				subjectKind: 'bay',
				subjectId: bay.id,
				data: { bay: bay.code, reason: input.reason ?? null },
				images: [{ kind: 'bay', id: bay.id, value: view }]
			}
		};
	}
});
