import { z } from 'zod';
import { CommandError, execute } from '$lib/server/core/commands';
import type { Route } from '$lib/server/core/router';
import { errors, jsonAnswer, jsonBody, pathParam } from '$lib/server/core/openapi';
import { callerWho, pathId, runCommand } from '$lib/server/core/endpoints';
import { groupRoles } from '$lib/domain/permissions';
import { hashNewPin } from './service';
import { createGroupPerson, enterStore, foundGroup, groupPeople, storesOf, updateGroupPerson } from './group';

const newGroupPerson = z.object({
	name: z.string().trim().min(1).max(40),
	nameLatin: z.string().trim().max(60).optional(),
	role: z.enum(groupRoles),
	storeIds: z.array(z.number().int().positive()).optional(),
	pin: z.string().describe('4 to 8 digits')
});

/** A dealer group (issue 20): the stores one may be in, entering one, and the group's people. */
export const groupRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/stores',
		doc: { summary: 'The stores the signed-in person may be in (a group’s people: several), and the one they are in now', responses: { 200: jsonAnswer('items, current'), ...errors(401, 403) } },
		handle: async (request) => {
			const caller = await request.caller();
			if (caller.kind !== 'user') throw new CommandError(403, 'forbidden', 'stores: for a person signed in');
			return { body: { items: await storesOf(request.app.db, caller), current: caller.storeId } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/session/store',
		doc: {
			summary: 'A group’s person enters another of their stores: this session now sees and changes that store (its screens reload)',
			requestBody: jsonBody(z.object({ storeId: z.number().int().positive() })),
			responses: { 200: jsonAnswer('storeId'), ...errors(400, 401, 403, 404) }
		},
		handle: async (request) => {
			const caller = await request.changer();
			if (caller.kind !== 'user') throw new CommandError(403, 'forbidden', 'store: only a person signed in enters a store');
			const body = await request.object();
			const storeId = body.storeId;
			if (typeof storeId !== 'number' || !Number.isInteger(storeId) || storeId < 1) throw new CommandError(400, 'invalid_input', 'storeId: a store id', 'storeId');
			// The event goes to the store entered (its audit trail says who came in, and from where).
			const { result, seq } = await execute(request.app.commands, enterStore, { storeId, sessionHash: caller.sessionHash, from: caller.storeId }, { actor: { ...caller, storeId } });
			// This session's open screens (on every server) reload into the store entered.
			request.app.live?.disconnect(`session:${caller.sessionHash}`, 'store_changed');
			return { body: { ...result, seq } };
		}
	},
	{
		method: 'GET',
		path: '/api/v1/group/people',
		doc: { summary: 'The group’s people: group managers and group admins, with the stores each enters (group admin)', responses: { 200: jsonAnswer('items'), ...errors(401, 403) } },
		handle: async (request) => {
			await callerWho(request, 'group.manage');
			return { body: { items: await groupPeople(request.app.db) } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/group/people',
		doc: { summary: 'Add a group manager or group admin, with their first PIN (group admin)', requestBody: jsonBody(newGroupPerson), responses: { 201: jsonAnswer('the person'), ...errors(400, 401, 403, 409) } },
		handle: async (request) => {
			await callerWho(request, 'group.manage');
			const { pin, ...person } = await request.object();
			return runCommand(request, createGroupPerson, { ...person, pinHash: await hashNewPin(String(pin ?? '')) }, true);
		}
	},
	{
		method: 'POST',
		path: '/api/v1/group/people/:id',
		doc: {
			summary: 'Change a group’s person: name, role, stores, active, a new PIN (ends their sessions)',
			parameters: [pathParam('id')],
			requestBody: jsonBody(updateGroupPerson.schema.omit({ pinHash: true }).extend({ pin: z.string().optional() })),
			responses: { 200: jsonAnswer('the person'), ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => {
			await callerWho(request, 'group.manage');
			const { pin, ...rest } = await request.object();
			return runCommand(request, updateGroupPerson, { ...rest, ...(pin !== undefined ? { pinHash: await hashNewPin(String(pin)) } : {}), id: pathId(request, 'id', 'person') });
		}
	},
	{
		method: 'POST',
		path: '/api/v1/group',
		doc: {
			summary: 'This store becomes the first store of a dealer group: the store’s admin who asks becomes its group admin (once per deployment)',
			responses: { 200: jsonAnswer('the group admin'), ...errors(401, 403, 409) }
		},
		handle: async (request) => {
			const caller = await request.changer();
			if (caller.kind !== 'user') throw new CommandError(403, 'forbidden', 'group: only a person signed in, the store’s admin');
			return runCommand(request, foundGroup, { userId: caller.id });
		}
	}
];
