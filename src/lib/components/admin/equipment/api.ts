/** The admin's calls for machines and their plans (POST /api/v1/equipment…, equipment.manage). */
import { get, post, type RequestOptions } from '$lib/api/client';
import type { EquipmentView } from '$lib/live/protocol';

export interface MachineFields {
	nameZh: string;
	nameEn: string;
	type: string;
	bay: string | null;
	location: string;
	maker: string;
	model: string;
	serial: string;
	usageUnit: 'cycles' | 'hours' | null;
}

export interface TaskFields {
	nameZh: string;
	nameEn: string;
	everyCount: number | null;
	everyUnit: 'day' | 'week' | 'month' | null;
	everyUsage: number | null;
	leadDays: number;
	leadUsage: number;
	safety: boolean;
}

const at = (code: string) => `/api/v1/equipment/${encodeURIComponent(code)}`;

export const listEquipment = (o?: RequestOptions) => get<{ items: EquipmentView[] }>('/api/v1/equipment', o);
export const createMachine = (m: MachineFields & { code: string }, o?: RequestOptions) => post<EquipmentView>('/api/v1/equipment', m, o);
export const updateMachine = (e: EquipmentView, change: Partial<MachineFields> & { code?: string }, o?: RequestOptions) =>
	post<EquipmentView>(at(e.code), { ...change, expectedVersion: e.version }, o);
export const addTask = (e: EquipmentView, t: TaskFields, o?: RequestOptions) => post<EquipmentView>(`${at(e.code)}/tasks`, t, o);
export const updateTask = (e: EquipmentView, taskId: number, version: number, change: Partial<TaskFields> & { active?: boolean }, o?: RequestOptions) =>
	post<EquipmentView>(`${at(e.code)}/tasks/${taskId}`, { ...change, expectedVersion: version }, o);
