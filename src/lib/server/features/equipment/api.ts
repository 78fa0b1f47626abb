import type { ApiRequest, Route } from '$lib/server/core/router';
import { CommandError } from '$lib/server/core/commands';
import { errors, idempotencyHeader, jsonAnswer, jsonBody } from '$lib/server/core/openapi';
import { pathId, runCommand } from '$lib/server/core/endpoints';
import { addTask, createEquipment, logWork, setEquipmentService, updateEquipment, updateTask } from './commands';
import { equipmentByCode, equipmentLog, equipmentViews } from './repository';

/**
 * The machines and their plans: the list (board, desk, admin), one machine with its log (the page
 * by the machine), adding and changing machines and plans, logging work, out of service and back.
 */

/** Staff and API tokens read the machines; a customer's link may not. */
async function reader(request: ApiRequest): Promise<{ storeId: number }> {
	const caller = await request.caller();
	if (caller.kind === 'customer') throw new CommandError(403, 'forbidden', "A customer's link may not read the workshop's equipment");
	return caller;
}

const codeParam = { name: 'code', in: 'path', required: true, schema: { type: 'string' }, description: "the machine's code (LIFT-M1) or id" };
const machine = { type: 'object', description: 'EquipmentView: the machine with its active tasks; states by src/lib/domain/equipment.ts' };
const machineAnswer = jsonAnswer('the machine as it now stands, with the event seq', machine);

export const equipmentRoutes: Route[] = [
	{
		method: 'GET',
		path: '/api/v1/equipment',
		doc: {
			summary: "The store's machines (retired ones left out) with their active maintenance tasks and bay, by code",
			responses: { 200: jsonAnswer('the machines', { type: 'object', properties: { items: { type: 'array', items: machine } } }), ...errors(401, 403) }
		},
		handle: async (request) => {
			const { storeId } = await reader(request);
			return { body: { items: await equipmentViews(request.app.db, storeId) } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/equipment',
		doc: {
			summary: 'Add a machine, optionally with its plan (equipment.manage): code unique in the store, 409 code_taken',
			parameters: [idempotencyHeader],
			requestBody: jsonBody(createEquipment.schema),
			responses: { 201: machineAnswer, ...errors(400, 401, 403, 409) }
		},
		handle: async (request) => runCommand(request, createEquipment, await request.object(), true)
	},
	{
		method: 'GET',
		path: '/api/v1/equipment/:code',
		doc: {
			summary: 'A machine with its plan and its log (newest first, 50)',
			parameters: [codeParam],
			responses: {
				200: jsonAnswer('the machine and its log', { type: 'object', properties: { equipment: machine, log: { type: 'array', items: { type: 'object', description: 'LogView' } } } }),
				...errors(401, 403, 404)
			}
		},
		handle: async (request) => {
			const { storeId } = await reader(request);
			const found = await equipmentByCode(request.app.db, storeId, request.params.code);
			if (!found) throw new CommandError(404, 'not_found', `equipment "${request.params.code}" does not exist`, 'code');
			return { body: { equipment: found, log: await equipmentLog(request.app.db, found.id) } };
		}
	},
	{
		method: 'POST',
		path: '/api/v1/equipment/:code/tasks/:taskId',
		doc: {
			summary: "Change a task of the machine's plan, or retire it with {active: false} (equipment.manage); the plan version goes up",
			parameters: [codeParam, { name: 'taskId', in: 'path', required: true, schema: { type: 'integer' } }, idempotencyHeader],
			requestBody: jsonBody(updateTask.schema),
			responses: { 200: machineAnswer, ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) =>
			runCommand(request, updateTask, { ...(await request.object()), equipment: request.params.code, taskId: pathId(request, 'taskId', 'task') })
	},
	{
		method: 'POST',
		path: '/api/v1/equipment/:code/tasks',
		doc: {
			summary: "Add a task to the machine's plan: by calendar (everyCount + everyUnit), by usage (everyUsage), or both (equipment.manage); the plan version goes up",
			parameters: [codeParam, idempotencyHeader],
			requestBody: jsonBody(addTask.schema),
			responses: { 201: machineAnswer, ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, addTask, { ...(await request.object()), equipment: request.params.code }, true)
	},
	{
		method: 'POST',
		path: '/api/v1/equipment/:code/log',
		doc: {
			summary:
				'Log work on the machine (equipment.log): a task done, a failed check (outOfService with a reason takes it out of service), a repair (backInService: equipment.setService), a meter reading (lower than the last only with meterReplaced). The log is only added to',
			parameters: [codeParam, idempotencyHeader],
			requestBody: jsonBody(logWork.schema),
			responses: { 201: machineAnswer, ...errors(400, 401, 403, 404) }
		},
		handle: async (request) => runCommand(request, logWork, { ...(await request.object()), equipment: request.params.code }, true)
	},
	{
		method: 'POST',
		path: '/api/v1/equipment/:code/service',
		doc: {
			summary: 'Take the machine out of service with a reason, or back (equipment.setService); a lift out of service holds its bay',
			parameters: [codeParam, idempotencyHeader],
			requestBody: jsonBody(setEquipmentService.schema),
			responses: { 200: machineAnswer, ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, setEquipmentService, { ...(await request.object()), equipment: request.params.code })
	},
	{
		method: 'POST',
		path: '/api/v1/equipment/:code',
		doc: {
			summary: "Change a machine's code, names, type, bay or place, maker, model, serial, usage unit; retire it with {active: false} (equipment.manage)",
			parameters: [codeParam, idempotencyHeader],
			requestBody: jsonBody(updateEquipment.schema),
			responses: { 200: machineAnswer, ...errors(400, 401, 403, 404, 409) }
		},
		handle: async (request) => runCommand(request, updateEquipment, { ...(await request.object()), equipment: request.params.code })
	}
];
