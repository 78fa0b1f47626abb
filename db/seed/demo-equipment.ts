import type { Kysely } from 'kysely';
import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay, subDays, subMonths, subWeeks } from 'date-fns';
import type { Database } from '../../src/lib/server/db/schema';
import type { EquipmentType, IntervalUnit, UsageUnit } from '../../src/lib/server/features/equipment/table';
import { taskDue } from '../../src/lib/domain/equipment';

const DAY = 86_400_000;

/**
 * The demo store's machines and their maintenance plans, with a year of work done by the demo's
 * technicians: a lift per working bay (two-post in the mechanical bays, four-post in the alignment
 * bay), the alignment machine, tyre changer, balancer, A/C service unit, compressor, brake tester
 * and the paint booths. Some tasks fall due this week, the wheel balancer's calibration is
 * overdue, and M4's lift is out of service with its hydraulic leak (the bay itself is in service:
 * the lift holds it). No lift's safety task is overdue, so the demo's dispatch keeps its bays.
 */

interface DemoTask {
	nameZh: string;
	nameEn: string;
	every?: [number, IntervalUnit];
	usage?: number;
	leadDays?: number;
	leadUsage?: number;
	safety?: boolean;
	/** Calendar tasks: the store day it falls due, in days from today (negative: overdue). */
	dueIn?: number;
	/** Usage-only tasks: the usage left until it falls due. */
	left?: number;
	/** Who did it, in turn (demo users by name). */
	by: string[];
	notes?: string[];
}

interface DemoMachine {
	code: string;
	nameZh: string;
	nameEn: string;
	type: EquipmentType;
	bay?: string;
	location?: string;
	maker: string;
	model: string;
	serial: string;
	unit?: UsageUnit;
	/** Usage counted so far, and how much a working day adds. */
	total?: number;
	perDay?: number;
	/** Installed this many days ago (no history before). */
	age: number;
	tasks: DemoTask[];
}

const liftTasks = (inspectDue: number, lubeDue: number, oilDue: number, certDue: number, crew: string[], cables = false): DemoTask[] => [
	{
		nameZh: cables ? '检查钢丝绳、滑轮及安全锁' : '检查举升臂、臂锁及安全锁',
		nameEn: cables ? 'Inspect cables, sheaves and safety locks' : 'Inspect arms, arm locks and safety latches',
		every: [1, 'month'],
		usage: 500,
		leadDays: 5,
		leadUsage: 50,
		safety: true,
		dueIn: inspectDue,
		by: crew,
		notes: ['', '锁止齿正常', '', '臂锁弹簧已调整']
	},
	{ nameZh: cables ? '润滑滑轮及钢丝绳' : '润滑立柱滑道与滑块', nameEn: cables ? 'Lubricate sheaves and cables' : 'Lubricate column tracks and carriages', every: [3, 'month'], leadDays: 7, dueIn: lubeDue, by: crew },
	{ nameZh: '检查液压油位及油管', nameEn: 'Check hydraulic oil level and hoses', every: [6, 'month'], leadDays: 14, dueIn: oilDue, by: crew, notes: ['补液压油 0.5 L'] },
	{
		nameZh: '年度安全检定',
		nameEn: 'Annual safety certification',
		every: [12, 'month'],
		leadDays: 30,
		safety: true,
		dueIn: certDue,
		by: ['郑伟'],
		notes: ['特检院年检合格，已张贴合格证']
	}
];

const lift = (bay: string, serial: string, total: number, due: [number, number, number, number], crew: string[]): DemoMachine => ({
	code: `LIFT-${bay}`,
	nameZh: `两柱举升机 ${bay}`,
	nameEn: `Two-post lift ${bay}`,
	type: 'two_post_lift',
	bay,
	maker: '元征 Launch',
	model: 'TLT240SB',
	serial,
	unit: 'cycles',
	total,
	perDay: 6,
	age: 1500,
	tasks: liftTasks(...due, crew)
});

export const demoMachines: DemoMachine[] = [
	lift('M1', 'TLT240-19A0311', 8640, [4, 40, 95, 160], ['王建华', '李伟']),
	lift('M2', 'TLT240-19A0312', 8215, [18, 5, 110, 160], ['李伟', '黄志伟']),
	lift('M3', 'TLT240-19A0313', 7930, [9, 52, 70, 20], ['张国栋', '刘海峰']),
	lift('M4', 'TLT240-19A0314', 8102, [14, 33, 88, 160], ['张国栋', '杨俊']),
	lift('M5', 'TLT240-20B0102', 6475, [25, 61, 130, 210], ['陈永强', '赵明辉']),
	lift('M6', 'TLT240-20B0103', 6390, [12, 27, 45, 210], ['赵明辉', '吴家乐']),
	{
		code: 'LIFT-A1',
		nameZh: '四柱举升机（定位）',
		nameEn: 'Four-post alignment lift',
		type: 'four_post_lift',
		bay: 'A1',
		maker: '元征 Launch',
		model: 'TLT440WA',
		serial: 'TLT440-19C0057',
		unit: 'cycles',
		total: 7120,
		perDay: 7,
		age: 1500,
		tasks: liftTasks(21, 44, 100, 160, ['陈永强', '王建华'], true)
	},
	{
		code: 'ALIGN-01',
		nameZh: '四轮定位仪',
		nameEn: 'Wheel alignment machine',
		type: 'alignment',
		bay: 'A1',
		maker: '亨特 Hunter',
		model: 'Hawkeye Elite',
		serial: 'HE421-88310',
		age: 1500,
		tasks: [
			{ nameZh: '校准定位仪', nameEn: 'Calibrate the aligner', every: [6, 'month'], leadDays: 14, dueIn: 40, by: ['陈永强'], notes: ['厂家工程师校准，偏差在允许范围内'] },
			{ nameZh: '清洁相机及靶标', nameEn: 'Clean cameras and targets', every: [1, 'week'], leadDays: 1, dueIn: 1, by: ['王建华', '陈永强'] }
		]
	},
	{
		code: 'TC-01',
		nameZh: '轮胎拆装机',
		nameEn: 'Tyre changer',
		type: 'tire_changer',
		location: '轮胎间 Tyre room',
		maker: '亨特 Hunter',
		model: 'TCX57',
		serial: 'TCX57-20-1184',
		age: 1300,
		tasks: [
			{ nameZh: '清洁润滑拆装头及转盘', nameEn: 'Clean and grease the mount head and turntable', every: [1, 'month'], leadDays: 3, dueIn: 6, by: ['黄志伟', '刘海峰'] },
			{ nameZh: '排放油水分离器并加注气动润滑油', nameEn: 'Drain the air filter and top up line oil', every: [1, 'week'], leadDays: 1, dueIn: 3, by: ['黄志伟', '吴家乐'] }
		]
	},
	{
		code: 'WB-01',
		nameZh: '车轮动平衡机',
		nameEn: 'Wheel balancer',
		type: 'wheel_balancer',
		location: '轮胎间 Tyre room',
		maker: '亨特 Hunter',
		model: 'HS401',
		serial: 'HS401-20-0936',
		age: 1300,
		tasks: [
			// The demo's overdue task: the balancer's calibration is six days late.
			{ nameZh: '校准平衡机', nameEn: 'Calibrate the balancer', every: [3, 'month'], leadDays: 7, dueIn: -6, by: ['刘海峰'], notes: ['用校准块校准，误差 2 g'] },
			{ nameZh: '清洁主轴及锥体', nameEn: 'Clean the shaft and cones', every: [1, 'month'], leadDays: 3, dueIn: 14, by: ['黄志伟'] }
		]
	},
	{
		code: 'AC-01',
		nameZh: '空调冷媒回收加注机',
		nameEn: 'A/C service unit',
		type: 'ac_service',
		location: '机电区 Mechanical area',
		maker: '罗宾耐尔 Robinair',
		model: 'AC1234-6',
		serial: 'RB1234-21-07755',
		unit: 'hours',
		total: 612,
		perDay: 1.5,
		age: 1100,
		tasks: [
			{ nameZh: '更换干燥过滤器', nameEn: 'Change the filter-drier', every: [12, 'month'], leadDays: 30, dueIn: 120, by: ['杨俊'] },
			{ nameZh: '更换真空泵油', nameEn: 'Change the vacuum pump oil', usage: 10, leadUsage: 2, left: 2, by: ['杨俊', '赵明辉'] },
			{ nameZh: '校准冷媒秤', nameEn: 'Calibrate the refrigerant scale', every: [12, 'month'], leadDays: 30, dueIn: 200, by: ['杨俊'] }
		]
	},
	{
		code: 'COMP-01',
		nameZh: '螺杆空压机',
		nameEn: 'Screw air compressor',
		type: 'compressor',
		location: '空压机房 Compressor room',
		maker: '阿特拉斯·科普柯 Atlas Copco',
		model: 'GA11+',
		serial: 'API886410',
		unit: 'hours',
		total: 6318,
		perDay: 9,
		age: 1500,
		tasks: [
			{ nameZh: '排放储气罐冷凝水', nameEn: 'Drain the air tank', every: [1, 'week'], leadDays: 1, dueIn: 1, by: ['黄志伟', '杨俊', '吴家乐'] },
			{ nameZh: '更换压缩机油', nameEn: 'Change the compressor oil', usage: 500, leadUsage: 50, left: 38, by: ['张国栋'], notes: ['更换 Roto-Inject 油 6 L'] },
			{ nameZh: '更换空气滤芯', nameEn: 'Replace the intake filter', usage: 2000, leadUsage: 100, left: 850, by: ['张国栋'] },
			{ nameZh: '校验安全阀', nameEn: 'Test the safety valve', every: [12, 'month'], leadDays: 30, safety: true, dueIn: 150, by: ['郑伟'], notes: ['计量所校验合格'] }
		]
	},
	{
		code: 'BRK-01',
		nameZh: '滚筒式制动检测台',
		nameEn: 'Roller brake tester',
		type: 'brake_tester',
		location: '检测线 Test lane',
		maker: '马哈 MAHA',
		model: 'IW 4',
		serial: 'IW4-19-55120',
		age: 1500,
		tasks: [
			{ nameZh: '校准制动检测台', nameEn: 'Calibrate the brake tester', every: [12, 'month'], leadDays: 30, dueIn: 75, by: ['陈永强'], notes: ['计量检定合格'] },
			{ nameZh: '清洁滚筒并检查链条', nameEn: 'Clean the rollers and check the chains', every: [1, 'month'], leadDays: 3, dueIn: 10, by: ['赵明辉'] }
		]
	},
	...[
		{ bay: 'P1', serial: 'BT-TL-18-3301', total: 3820, intakeLeft: 25, floorLeft: 46, burner: 90 },
		{ bay: 'P2', serial: 'BT-TL-19-3417', total: 2950, intakeLeft: 210, floorLeft: 60, burner: 230 }
	].map(
		(p): DemoMachine => ({
			code: `PB-${p.bay}`,
			nameZh: `烤漆房 ${p.bay}`,
			nameEn: `Paint booth ${p.bay}`,
			type: 'paint_booth',
			bay: p.bay,
			maker: '百超 Blowtherm',
			model: 'Top Line',
			serial: p.serial,
			unit: 'hours',
			total: p.total,
			perDay: 7,
			age: 1500,
			tasks: [
				{ nameZh: '更换进风顶棉', nameEn: 'Replace the intake (ceiling) filters', usage: 400, leadUsage: 40, left: p.intakeLeft, by: ['罗振东', '冯志成'] },
				{ nameZh: '更换地棉', nameEn: 'Replace the floor filters', usage: 100, leadUsage: 10, left: p.floorLeft, by: ['冯志成', '朱晓东'] },
				{ nameZh: '燃烧器保养', nameEn: 'Service the burner', every: [12, 'month'], leadDays: 30, dueIn: p.burner, by: ['罗振东'], notes: ['厂家保养，燃烧正常'] }
			]
		})
	)
];

/** M4's lift: the hydraulic leak found yesterday afternoon. */
export const demoLiftDown = { code: 'LIFT-M4', reason: '举升机液压泄漏，待厂家上门维修', foundBy: '张国栋', note: '左立柱油缸渗油，举升后缓慢下沉', by: '赵强' };

const sub = (d: Date, n: number, unit: IntervalUnit) => (unit === 'day' ? subDays(d, n) : unit === 'week' ? subWeeks(d, n) : subMonths(d, n));

export async function loadDemoEquipment(db: Kysely<Database>, storeId: number, now: number): Promise<void> {
	const { time_zone: zone } = await db.selectFrom('stores').select('time_zone').where('id', '=', storeId).executeTakeFirstOrThrow();
	const bays = new Map((await db.selectFrom('bays').select(['id', 'code']).where('store_id', '=', storeId).execute()).map((b) => [b.code, b.id]));
	const users = new Map((await db.selectFrom('users').select(['id', 'name']).where('store_id', '=', storeId).execute()).map((u) => [u.name, u.id]));
	const today = startOfDay(new TZDate(now, zone));
	/** A believable time of a working day (08:00–17:59), never later than an hour ago. */
	const at = (day: Date, seed: number) => {
		const t = new TZDate(day.getTime(), zone);
		t.setHours(8 + (seed * 7) % 10, (seed * 17) % 60, 0, 0);
		return Math.min(t.getTime(), now - 60 * 60_000);
	};
	const actor = (name: string) => {
		const id = users.get(name);
		if (id === undefined) throw new Error(`demo equipment: no user ${name}`);
		return { actor_id: String(id), actor_name: name };
	};

	for (const [mi, m] of demoMachines.entries()) {
		const total = m.total ?? 0;
		const perDay = m.perDay ?? 0;
		const installed = now - m.age * DAY;
		const down = m.code === demoLiftDown.code;
		const downAt = at(subDays(today, 1), 0) + 8 * 60 * 60_000 + 20 * 60_000; // yesterday about 16:20
		const { id: equipmentId } = await db
			.insertInto('equipment')
			.values({
				store_id: storeId,
				code: m.code,
				name_zh: m.nameZh,
				name_en: m.nameEn,
				type: m.type,
				bay_id: m.bay ? (bays.get(m.bay) ?? null) : null,
				location: m.location ?? '',
				maker: m.maker,
				model: m.model,
				serial: m.serial,
				in_service: down ? 0 : 1,
				out_of_service_reason: down ? demoLiftDown.reason : null,
				out_of_service_since: down ? downAt : null,
				usage_unit: m.unit ?? null,
				usage_total: total,
				last_reading: m.unit === 'hours' ? total : null,
				created_at: installed
			})
			.returning('id')
			.executeTakeFirstOrThrow();

		for (const [ti, t] of m.tasks.entries()) {
			// The times it was done, newest first: a calendar task from its due day back by its interval,
			// a usage task from its usage back by its interval (a working day adds perDay).
			const done: { at: number; usage: number }[] = [];
			for (let k = 0; k < 6; k++) {
				let when: number;
				let usage: number;
				if (t.every) {
					const dueDay = addDays(today, t.dueIn ?? 0);
					when = at(sub(dueDay, t.every[0] * (k + 1), t.every[1]), mi + ti + k);
					usage = Math.round(total - (perDay * (now - when)) / DAY);
				} else {
					usage = total - (t.usage! - (t.left ?? 0)) - k * t.usage!;
					const daysAgo = perDay > 0 ? (total - usage) / perDay : 0;
					when = at(startOfDay(new TZDate(now - Math.ceil(daysAgo) * DAY, zone)), mi + ti + k);
				}
				if (when < installed || usage < 0 || now - when > 400 * DAY) break;
				done.push({ at: when, usage });
			}
			const last = done[0];
			const { id: taskId } = await db
				.insertInto('maintenance_tasks')
				.values({
					equipment_id: equipmentId,
					name_zh: t.nameZh,
					name_en: t.nameEn,
					every_count: t.every?.[0] ?? null,
					every_unit: t.every?.[1] ?? null,
					every_usage: t.usage ?? null,
					lead_days: t.leadDays ?? 0,
					lead_usage: t.leadUsage ?? 0,
					safety: t.safety ? 1 : 0,
					last_done_at: last?.at ?? null,
					last_done_usage: last ? last.usage : null,
					sort: ti
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			for (const [k, d] of [...done.entries()].reverse()) {
				await db
					.insertInto('maintenance_log')
					.values({
						store_id: storeId,
						equipment_id: equipmentId,
						task_id: taskId,
						kind: 'done',
						at: d.at,
						logged_at: d.at + 5 * 60_000,
						...actor(t.by[k % t.by.length]),
						notes: t.notes?.[k % t.notes.length] ?? '',
						reading: m.unit === 'hours' ? d.usage : null,
						passed: t.safety ? 1 : null,
						usage_at: d.usage
					})
					.execute();
			}
			// A lift in a working bay must not be held by an overdue safety task: the demo dispatches to them.
			if (t.safety && m.bay && !down && last && taskDue({ ...taskShape(t), lastDoneAt: last.at, lastDoneUsage: last.usage }, total, now, zone).state === 'overdue') {
				throw new Error(`demo equipment: ${m.code} ${t.nameEn} would be overdue`);
			}
		}

		if (down) {
			const inspect = await db.selectFrom('maintenance_tasks').select('id').where('equipment_id', '=', equipmentId).orderBy('sort').executeTakeFirstOrThrow();
			const usage = Math.round(total - (perDay * (now - downAt)) / DAY);
			await db
				.insertInto('maintenance_log')
				.values({ store_id: storeId, equipment_id: equipmentId, task_id: inspect.id, kind: 'check_failed', at: downAt - 15 * 60_000, logged_at: downAt - 10 * 60_000, ...actor(demoLiftDown.foundBy), notes: demoLiftDown.note, passed: 0, usage_at: usage })
				.execute();
			await db
				.insertInto('maintenance_log')
				.values({ store_id: storeId, equipment_id: equipmentId, task_id: null, kind: 'out_of_service', at: downAt, logged_at: downAt, ...actor(demoLiftDown.by), notes: demoLiftDown.reason, usage_at: usage })
				.execute();
		}
	}

	// The equipment board on a wall screen, pre-paired like the others (npm start prints its link).
	await db.insertInto('displays').values({ store_id: storeId, name: '设备保养看板 Equipment board', board: 'equipment', language: 'zh-CN', created_at: now }).execute();
}

function taskShape(t: DemoTask) {
	return {
		everyCount: t.every?.[0] ?? null,
		everyUnit: t.every?.[1] ?? null,
		everyUsage: t.usage ?? null,
		leadDays: t.leadDays ?? 0,
		leadUsage: t.leadUsage ?? 0
	};
}
