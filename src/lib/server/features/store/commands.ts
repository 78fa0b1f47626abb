import { z } from 'zod';
import { CommandError, checkVersion, defineCommand, expectedVersion } from '$lib/server/core/commands';
import { storeSettings } from '$lib/server/core/stores';

const clock = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM, e.g. 08:00');

function knownZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** The store's own settings: names, calendar (time zone, opening hours), labour rate, screens' language, how long a call waits. */
export const updateStore = defineCommand({
	type: 'store.update',
	permission: () => 'store.manage',
	schema: z
		.object({
			expectedVersion,
			nameZh: z.string().trim().min(1).max(40).optional(),
			nameEn: z.string().trim().min(1).max(60).optional(),
			timeZone: z.string().trim().min(1).max(60).refine(knownZone, 'an IANA time zone, e.g. Asia/Shanghai').optional(),
			labourRate: z.number().int().min(1).max(10_000).optional(),
			language: z.enum(['zh-CN', 'en']).optional(),
			opensAt: clock.optional(),
			closesAt: clock.optional(),
			/** Seconds a call from a bay may wait for "on my way" before it escalates (a safety call's). */
			callAckSeconds: z.number().int().min(15).max(3600).optional(),
			callSafetySeconds: z.number().int().min(10).max(600).optional()
		})
		.refine((v) => !v.opensAt || !v.closesAt || v.opensAt < v.closesAt, { message: 'closes after it opens', path: ['closesAt'] }),
	async handle(tx, input, env) {
		const store = await storeSettings(tx, env.storeId);
		checkVersion(store.version, input.expectedVersion, 'The store’s settings');
		const opensAt = input.opensAt ?? store.opensAt;
		const closesAt = input.closesAt ?? store.closesAt;
		if (opensAt >= closesAt) throw new CommandError(400, 'invalid_input', 'closesAt: closes after it opens', 'closesAt');
		await tx
			.updateTable('stores')
			.set({
				name_zh: input.nameZh ?? store.nameZh,
				name_en: input.nameEn ?? store.nameEn,
				time_zone: input.timeZone ?? store.timeZone,
				labour_rate: input.labourRate ?? store.labourRate,
				language: input.language ?? store.language,
				opens_at: opensAt,
				closes_at: closesAt,
				call_ack_seconds: input.callAckSeconds ?? store.callAckSeconds,
				call_safety_seconds: input.callSafetySeconds ?? store.callSafetySeconds,
				version: store.version + 1
			})
			.where('id', '=', env.storeId)
			.execute();
		const result = await storeSettings(tx, env.storeId);
		// eslint-disable-next-line @typescript-eslint/no-unused-vars
		const { expectedVersion: _v, ...changed } = input;
		return { result, event: { type: 'store.updated', subjectKind: 'store', subjectId: env.storeId, data: changed, images: [] } };
	}
});

/**
 * A group admin opens a new store on this deployment (issue 20): its names, code and calendar. It
 * starts empty, as a real install's first store does; the group admin enters it and sets up its
 * bays, teams, staff and catalogue on /admin.
 */
export const createStore = defineCommand({
	type: 'store.create',
	permission: () => 'store.create',
	schema: z.object({
		code: z
			.string()
			.trim()
			.min(1)
			.max(20)
			.regex(/^[a-z0-9][a-z0-9-]*$/, 'only lower-case letters, digits and -'),
		nameZh: z.string().trim().min(1).max(40),
		nameEn: z.string().trim().min(1).max(60),
		timeZone: z.string().trim().min(1).max(60).refine(knownZone, 'an IANA time zone, e.g. Asia/Shanghai').default('Asia/Shanghai'),
		labourRate: z.number().int().min(1).max(10_000).optional()
	}),
	async handle(tx, input, env) {
		if (await tx.selectFrom('stores').select('id').where('code', '=', input.code).executeTakeFirst()) {
			throw new CommandError(409, 'code_taken', `code: there is already a store ${input.code}`, 'code');
		}
		const { id } = await tx
			.insertInto('stores')
			.values({ code: input.code, name_zh: input.nameZh, name_en: input.nameEn, time_zone: input.timeZone, ...(input.labourRate ? { labour_rate: input.labourRate } : {}), created_at: env.now })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { result: await storeSettings(tx, id), event: { type: 'store.created', subjectKind: 'store', subjectId: id, data: { code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, timeZone: input.timeZone }, images: [] } };
	}
});
