/**
 * The demo store's parts room: zones A (common parts), B (sheet metal) and C (fluids), their racks,
 * and a few hundred parts for the demo's Toyota models with OEM-style numbers (5 digits, a dash,
 * 5 characters: 04152-YZZA1), stock, some below their threshold, and a history of issues so that
 * some parts are slow movers. `generateParts` makes the 20,000-part store the benchmark searches.
 * Everything is deterministic (a seeded generator), so the demo is the same on every start.
 */

export interface DemoZone {
	code: string;
	nameZh: string;
	nameEn: string;
	kind: 'common' | 'sheet_metal' | 'fluids' | 'other';
	racks: number;
	shelves: number;
	positions: number;
}

export const demoZones: DemoZone[] = [
	{ code: 'A', nameZh: '常用件区', nameEn: 'Common parts', kind: 'common', racks: 6, shelves: 5, positions: 4 },
	{ code: 'B', nameZh: '钣金件区', nameEn: 'Sheet-metal parts', kind: 'sheet_metal', racks: 4, shelves: 3, positions: 3 },
	{ code: 'C', nameZh: '油液区', nameEn: 'Oils and fluids', kind: 'fluids', racks: 2, shelves: 3, positions: 3 }
];

/** A bin's code as painted on the shelf: zone-rack-shelf-position (A-2-3-1). */
export const binCode = (zone: string, rack: number, shelf: number, position: number) => `${zone}-${rack}-${shelf}-${position}`;

export interface DemoModel {
	/** As the demo's vehicles name it (凯美瑞 Camry). */
	name: string;
	/** Two characters in the part numbers of this model's own parts. */
	code: string;
	electric: boolean;
}

export const demoModels: DemoModel[] = [
	{ name: '凯美瑞 Camry', code: '06', electric: false },
	{ name: '雷凌 Levin', code: '12', electric: false },
	{ name: '汉兰达 Highlander', code: '0E', electric: false },
	{ name: '致炫 Yaris L', code: '0D', electric: false },
	{ name: 'C-HR', code: 'F4', electric: false },
	{ name: '威兰达 Wildlander', code: '42', electric: false },
	{ name: '锋兰达 Frontlander', code: '1A', electric: false },
	{ name: '赛那 Sienna', code: '08', electric: false },
	{ name: '埃尔法 Alphard', code: '58', electric: false },
	{ name: '威飒 Venza', code: '48', electric: false },
	{ name: '凌尚 Allion', code: '20', electric: false },
	{ name: '铂智 bZ4X', code: '42E', electric: true },
	{ name: '铂智3X bZ3X', code: '3X', electric: true }
];

export interface PartType {
	group: string;
	nameZh: string;
	nameEn: string;
	unit: string;
	/** Yuan. */
	price: number;
	zone: 'A' | 'B' | 'C';
	/** Only for cars with an engine (oil filter, spark plugs). */
	engine?: boolean;
	/** One part for every model (oil, coolant): not per model. */
	shared?: boolean;
	minQty: number;
	/** Issues in a normal month, for the history. */
	monthly: number;
}

export const partTypes: PartType[] = [
	{ group: '04152', nameZh: '机油滤清器', nameEn: 'Oil filter', unit: '个', price: 68, zone: 'A', engine: true, minQty: 10, monthly: 40 },
	{ group: '17801', nameZh: '空气滤清器', nameEn: 'Air filter', unit: '个', price: 128, zone: 'A', engine: true, minQty: 6, monthly: 15 },
	{ group: '87139', nameZh: '空调滤芯', nameEn: 'Cabin air filter', unit: '个', price: 98, zone: 'A', minQty: 8, monthly: 25 },
	{ group: '90919', nameZh: '火花塞', nameEn: 'Spark plug', unit: '个', price: 95, zone: 'A', engine: true, minQty: 8, monthly: 12 },
	{ group: '04465', nameZh: '前刹车片', nameEn: 'Front brake pads', unit: '套', price: 580, zone: 'A', minQty: 3, monthly: 6 },
	{ group: '04466', nameZh: '后刹车片', nameEn: 'Rear brake pads', unit: '套', price: 460, zone: 'A', minQty: 3, monthly: 4 },
	{ group: '43512', nameZh: '前刹车盘', nameEn: 'Front brake disc', unit: '个', price: 720, zone: 'A', minQty: 2, monthly: 2 },
	{ group: '85222', nameZh: '雨刮片', nameEn: 'Wiper blade', unit: '个', price: 85, zone: 'A', minQty: 6, monthly: 10 },
	{ group: '16400', nameZh: '散热器总成', nameEn: 'Radiator assembly', unit: '个', price: 2350, zone: 'A', minQty: 0, monthly: 0.1 },
	{ group: '28800', nameZh: '蓄电池', nameEn: 'Battery', unit: '个', price: 890, zone: 'A', minQty: 2, monthly: 2 },
	{ group: '90916', nameZh: '发动机皮带', nameEn: 'Drive belt', unit: '条', price: 260, zone: 'A', engine: true, minQty: 2, monthly: 1 },
	{ group: '48510', nameZh: '前减震器', nameEn: 'Front shock absorber', unit: '个', price: 1280, zone: 'A', minQty: 0, monthly: 0.3 },
	{ group: '81110', nameZh: '前大灯总成', nameEn: 'Headlamp assembly', unit: '个', price: 3680, zone: 'A', minQty: 0, monthly: 0.2 },
	{ group: '87910', nameZh: '右后视镜总成', nameEn: 'Right door mirror', unit: '个', price: 1560, zone: 'A', minQty: 0, monthly: 0.2 },
	{ group: '90080', nameZh: '放油螺塞垫片', nameEn: 'Drain plug gasket', unit: '个', price: 5, zone: 'A', engine: true, shared: true, minQty: 50, monthly: 45 },
	{ group: '52119', nameZh: '前保险杠', nameEn: 'Front bumper cover', unit: '个', price: 1850, zone: 'B', minQty: 0, monthly: 0.3 },
	{ group: '52159', nameZh: '后保险杠', nameEn: 'Rear bumper cover', unit: '个', price: 1620, zone: 'B', minQty: 0, monthly: 0.2 },
	{ group: '53811', nameZh: '左前翼子板', nameEn: 'Left front fender', unit: '个', price: 980, zone: 'B', minQty: 0, monthly: 0.2 },
	{ group: '53301', nameZh: '发动机盖', nameEn: 'Bonnet (hood)', unit: '个', price: 2450, zone: 'B', minQty: 0, monthly: 0.1 },
	{ group: '67001', nameZh: '左前车门壳', nameEn: 'Left front door shell', unit: '个', price: 3200, zone: 'B', minQty: 0, monthly: 0.05 },
	{ group: '08880', nameZh: '全合成机油 0W-20 4L', nameEn: 'Engine oil 0W-20 4 L', unit: '桶', price: 398, zone: 'C', engine: true, shared: true, minQty: 20, monthly: 60 },
	{ group: '08889', nameZh: '长效冷却液 2L', nameEn: 'Long-life coolant 2 L', unit: '桶', price: 120, zone: 'C', shared: true, minQty: 6, monthly: 8 },
	{ group: '08886', nameZh: '自动变速箱油 ATF WS', nameEn: 'ATF WS transmission fluid', unit: '升', price: 88, zone: 'C', engine: true, shared: true, minQty: 12, monthly: 10 },
	{ group: '08823', nameZh: '制动液 DOT4', nameEn: 'Brake fluid DOT4', unit: '瓶', price: 75, zone: 'C', shared: true, minQty: 6, monthly: 6 },
	{ group: '08281', nameZh: '玻璃水', nameEn: 'Screen wash', unit: '瓶', price: 25, zone: 'C', shared: true, minQty: 12, monthly: 30 }
];

/** A small seeded generator (mulberry32): the same demo on every start. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

export interface DemoPart {
	number: string;
	barcode: string | null;
	nameZh: string;
	nameEn: string;
	models: string;
	unit: string;
	/** Fen. */
	price: number;
	minQty: number;
	onHand: number;
	binCode: string;
	/** Issues a month, for the history (0: a slow mover). */
	monthly: number;
}

/** The demo's parts: each type for each model it fits (or once, shared), in bins of its zone. */
export function demoParts(): DemoPart[] {
	const rand = seeded(14);
	const out: DemoPart[] = [];
	const next: Record<string, number> = {};
	const bins = binsOf(demoZones);
	const place = (zone: string) => {
		const list = bins.filter((b) => b.zone === zone);
		const i = (next[zone] = ((next[zone] ?? -1) + 1) % list.length);
		return list[i].code;
	};
	for (const t of partTypes) {
		const fits = t.shared ? [null] : demoModels.filter((m) => !(t.engine && m.electric));
		for (const model of fits) {
			for (const variant of t.shared ? [0] : [0, 1]) {
				if (variant === 1 && rand() < 0.55) continue;
				const tail = model ? `${model.code}${LETTERS[Math.floor(rand() * LETTERS.length)]}${variant ? '1' : '0'}${LETTERS[Math.floor(rand() * 23)]}`.slice(0, 5) : `YZZ${LETTERS[Math.floor(rand() * 23)]}${variant}`;
				const number = `${t.group}-${tail.padEnd(5, '0')}`;
				if (out.some((p) => p.number === number)) continue;
				const modelName = model?.name ?? demoModels.filter((m) => !(t.engine && m.electric)).map((m) => m.name.split(' ').pop()).join(' / ');
				const slow = rand() < 0.12;
				const monthly = slow ? 0 : t.monthly * (0.5 + rand());
				let onHand = Math.max(0, Math.round(t.minQty * (0.4 + rand() * 2.2) + (t.minQty === 0 ? rand() * 3 : 0)));
				if (t.minQty > 0 && rand() < 0.12) onHand = Math.floor(t.minQty * 0.5);
				out.push({
					number,
					barcode: rand() < 0.2 ? `69${String(Math.floor(rand() * 1e11)).padStart(11, '0')}` : null,
					nameZh: variant ? `${t.nameZh}（加强型）` : t.nameZh,
					nameEn: variant ? `${t.nameEn} (heavy duty)` : t.nameEn,
					models: modelName,
					unit: t.unit,
					price: Math.round(t.price * (0.85 + rand() * 0.3)) * 100,
					minQty: t.minQty,
					onHand,
					binCode: place(t.zone),
					monthly
				});
			}
		}
	}
	return out;
}

/** The bins of some zones, in walking order. */
export function binsOf(zones: DemoZone[]): { zone: string; code: string; rack: number; shelf: number; position: number }[] {
	const out: { zone: string; code: string; rack: number; shelf: number; position: number }[] = [];
	for (const z of zones)
		for (let rack = 1; rack <= z.racks; rack++)
			for (let shelf = 1; shelf <= z.shelves; shelf++)
				for (let position = 1; position <= z.positions; position++) out.push({ zone: z.code, code: binCode(z.code, rack, shelf, position), rack, shelf, position });
	return out;
}

/** Zones for a big store: the benchmark's 20,000 parts fill them. */
export const benchZones: DemoZone[] = [
	{ code: 'A', nameZh: '常用件区', nameEn: 'Common parts', kind: 'common', racks: 40, shelves: 6, positions: 10 },
	{ code: 'B', nameZh: '钣金件区', nameEn: 'Sheet-metal parts', kind: 'sheet_metal', racks: 20, shelves: 4, positions: 6 },
	{ code: 'C', nameZh: '油液区', nameEn: 'Oils and fluids', kind: 'fluids', racks: 6, shelves: 4, positions: 6 }
];

const extraZh = ['总成', '支架', '密封圈', '螺栓', '卡扣', '垫片', '衬套', '传感器', '线束', '饰板', '护板', '导管', '开关', '电机', '轴承'];
const extraEn = ['assembly', 'bracket', 'seal', 'bolt', 'clip', 'gasket', 'bushing', 'sensor', 'harness', 'trim', 'guard', 'duct', 'switch', 'motor', 'bearing'];

/**
 * `count` real-looking parts (unique numbers) for the search benchmark: every type for every
 * model, then with the usual suffixes (支架 bracket, 密封圈 seal …), numbered like the maker does.
 */
export function generateParts(count: number, seed = 20000): DemoPart[] {
	const rand = seeded(seed);
	const bins = binsOf(benchZones);
	const out: DemoPart[] = [];
	const seen = new Set<string>();
	for (let i = 0; out.length < count; i++) {
		const t = partTypes[i % partTypes.length];
		const m = demoModels[Math.floor(i / partTypes.length) % demoModels.length];
		const x = Math.floor(rand() * extraZh.length);
		const plain = rand() < 0.15;
		let number = '';
		do {
			number = `${String(10000 + Math.floor(rand() * 89999))}-${Array.from({ length: 5 }, () => LETTERS[Math.floor(rand() * LETTERS.length)]).join('')}`;
		} while (seen.has(number));
		seen.add(number);
		const zone = t.zone;
		const zoneBins = bins.filter((b) => b.zone === zone);
		out.push({
			number,
			barcode: rand() < 0.3 ? `69${String(Math.floor(rand() * 1e11)).padStart(11, '0')}` : null,
			nameZh: plain ? t.nameZh : `${t.nameZh}${extraZh[x]}`,
			nameEn: plain ? t.nameEn : `${t.nameEn} ${extraEn[x]}`,
			models: m.name,
			unit: t.unit,
			price: Math.round(t.price * (0.3 + rand())) * 100,
			minQty: t.minQty,
			onHand: Math.floor(rand() * 20),
			binCode: zoneBins[Math.floor(rand() * zoneBins.length)].code,
			monthly: t.monthly
		});
	}
	return out;
}
