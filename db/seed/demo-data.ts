/**
 * Demo data for Pitwall: one working day at about 14:00 in the service department of
 * a GAC Toyota 4S store in Guangzhou. Pure data, no imports; the seeder turns the
 * relative times ("minutes ago", "in minutes") into timestamps when it runs.
 *
 * Names, phone numbers, plates and VINs are invented. Phone numbers all carry "0000"
 * in the middle so they are easy to spot as fake; VINs use real Toyota WMIs (LVG for
 * GAC Toyota, LFM for FAW Toyota, JTN for imported cars) and a valid check digit.
 */

export interface DemoBay {
	code: string;
	nameZh: string;
	nameEn: string;
	kind: 'mechanical' | 'alignment' | 'body' | 'paint';
	inService: boolean;
	outOfServiceReason?: string;
}

export interface DemoTeam {
	code: string;
	nameZh: string;
	nameEn: string;
	kind: 'mechanical' | 'body' | 'paint';
}

export interface DemoTechnician {
	teamCode: string;
	name: string;
	nameLatin: string;
	isLeader: boolean;
}

export interface DemoStandardTime {
	code: string;
	nameZh: string;
	nameEn: string;
	category: string;
	minutes1: number;
	minutes2: number;
}

export interface DemoCustomer {
	name: string;
	phone: string;
	tags: string;
	vehicle: { plate: string; vin: string; model: string; colour: string };
}

export type DemoTargetStage =
	| 'checked_in'
	| 'waiting_dispatch'
	| 'dispatched'
	| 'in_progress'
	| 'paused'
	| 'team_check'
	| 'final_qc'
	| 'wash'
	| 'ready'
	| 'delivered';

export interface DemoRepairOrder {
	/** index into demoCustomers */
	customer: number;
	kind: 'maintenance' | 'repair' | 'accident';
	/** catalogue codes, or a free-text operation */
	operations: (string | { nameZh: string; nameEn: string; minutes1: number; minutes2: number })[];
	wash: boolean;
	keepOldParts: boolean;
	paymentMethod: 'cash' | 'card' | 'wechat' | 'alipay' | 'insurance' | 'warranty';
	/** the customer's concerns, in Chinese */
	concerns: string;
	/** relative to "now" when seeded */
	arrivedMinutesAgo: number;
	/** promised completion relative to now (negative = already past) */
	promisedInMinutes: number;
	/** how far along the order is */
	target: DemoTargetStage;
	/** required when target is dispatched or later */
	bay?: string;
	team?: string;
	crewSize?: 1 | 2;
	/** working minutes done so far */
	workedMinutes?: number;
	pauseReason?: 'parts' | 'approval' | 'other';
	pauseNote?: string;
	/** failed final QC once and went back to work */
	rework?: boolean;
}

export const demoStore: { code: string; nameZh: string; nameEn: string } = {
	code: 'gz-tianhe',
	nameZh: '广汽丰田天河店',
	nameEn: 'GAC Toyota Tianhe'
};

export const demoBays: DemoBay[] = [
	{ code: 'M1', nameZh: '机电1号工位', nameEn: 'Mechanical bay 1', kind: 'mechanical', inService: true },
	{ code: 'M2', nameZh: '机电2号工位', nameEn: 'Mechanical bay 2', kind: 'mechanical', inService: true },
	{ code: 'M3', nameZh: '机电3号工位', nameEn: 'Mechanical bay 3', kind: 'mechanical', inService: true },
	// M4's lift is out of service (its hydraulic leak is the equipment record, db/seed/demo-equipment.ts): the lift holds the bay.
	{ code: 'M4', nameZh: '机电4号工位', nameEn: 'Mechanical bay 4', kind: 'mechanical', inService: true },
	{ code: 'M5', nameZh: '机电5号工位', nameEn: 'Mechanical bay 5', kind: 'mechanical', inService: true },
	{ code: 'M6', nameZh: '机电6号工位', nameEn: 'Mechanical bay 6', kind: 'mechanical', inService: true },
	{ code: 'A1', nameZh: '四轮定位工位', nameEn: 'Alignment bay', kind: 'alignment', inService: true },
	{ code: 'B1', nameZh: '钣金工位', nameEn: 'Body bay', kind: 'body', inService: true },
	{ code: 'P1', nameZh: '1号烤漆房', nameEn: 'Paint booth 1', kind: 'paint', inService: true },
	{ code: 'P2', nameZh: '2号烤漆房', nameEn: 'Paint booth 2', kind: 'paint', inService: true }
];

export const demoTeams: DemoTeam[] = [
	{ code: 'T1', nameZh: '机电一组', nameEn: 'Mechanical team 1', kind: 'mechanical' },
	{ code: 'T2', nameZh: '机电二组', nameEn: 'Mechanical team 2', kind: 'mechanical' },
	{ code: 'T3', nameZh: '机电三组', nameEn: 'Mechanical team 3', kind: 'mechanical' },
	{ code: 'BODY', nameZh: '钣金组', nameEn: 'Body team', kind: 'body' },
	{ code: 'PAINT', nameZh: '油漆组', nameEn: 'Paint team', kind: 'paint' }
];

export const demoTechnicians: DemoTechnician[] = [
	{ teamCode: 'T1', name: '王建华', nameLatin: 'Wang Jianhua', isLeader: true },
	{ teamCode: 'T1', name: '李伟', nameLatin: 'Li Wei', isLeader: false },
	{ teamCode: 'T1', name: '黄志伟', nameLatin: 'Huang Zhiwei', isLeader: false },
	{ teamCode: 'T2', name: '张国栋', nameLatin: 'Zhang Guodong', isLeader: true },
	{ teamCode: 'T2', name: '刘海峰', nameLatin: 'Liu Haifeng', isLeader: false },
	{ teamCode: 'T2', name: '杨俊', nameLatin: 'Yang Jun', isLeader: false },
	{ teamCode: 'T3', name: '陈永强', nameLatin: 'Chen Yongqiang', isLeader: true },
	{ teamCode: 'T3', name: '赵明辉', nameLatin: 'Zhao Minghui', isLeader: false },
	{ teamCode: 'T3', name: '吴家乐', nameLatin: 'Wu Jiale', isLeader: false },
	{ teamCode: 'BODY', name: '梁锦荣', nameLatin: 'Liang Jinrong', isLeader: true },
	{ teamCode: 'BODY', name: '何子聪', nameLatin: 'He Zicong', isLeader: false },
	{ teamCode: 'BODY', name: '邓伟强', nameLatin: 'Deng Weiqiang', isLeader: false },
	{ teamCode: 'PAINT', name: '罗振东', nameLatin: 'Luo Zhendong', isLeader: true },
	{ teamCode: 'PAINT', name: '冯志成', nameLatin: 'Feng Zhicheng', isLeader: false },
	{ teamCode: 'PAINT', name: '朱晓东', nameLatin: 'Zhu Xiaodong', isLeader: false }
];

export const demoStandardTimes: DemoStandardTime[] = [
	// maintenance
	{ code: 'MNT-STD', nameZh: '常规保养', nameEn: 'Routine maintenance', category: 'maintenance', minutes1: 45, minutes2: 30 },
	{ code: 'MNT-5K', nameZh: '首次保养（5000公里）', nameEn: 'First service (5,000 km)', category: 'maintenance', minutes1: 40, minutes2: 25 },
	{ code: 'MNT-10K', nameZh: '10000公里保养', nameEn: '10,000 km service', category: 'maintenance', minutes1: 50, minutes2: 30 },
	{ code: 'MNT-20K', nameZh: '20000公里保养', nameEn: '20,000 km service', category: 'maintenance', minutes1: 60, minutes2: 35 },
	{ code: 'MNT-40K', nameZh: '40000公里保养', nameEn: '40,000 km service', category: 'maintenance', minutes1: 120, minutes2: 70 },
	{ code: 'MNT-OIL', nameZh: '更换机油机滤', nameEn: 'Oil and filter change', category: 'maintenance', minutes1: 25, minutes2: 15 },
	{ code: 'MNT-AIRF', nameZh: '更换空气滤芯', nameEn: 'Air filter replacement', category: 'maintenance', minutes1: 10, minutes2: 8 },
	{ code: 'MNT-CABF', nameZh: '更换空调滤芯', nameEn: 'Cabin filter replacement', category: 'maintenance', minutes1: 10, minutes2: 8 },
	{ code: 'MNT-SPARK', nameZh: '更换火花塞', nameEn: 'Spark plug replacement', category: 'maintenance', minutes1: 40, minutes2: 25 },
	{ code: 'MNT-ATF', nameZh: '更换自动变速箱油', nameEn: 'Automatic transmission fluid change', category: 'maintenance', minutes1: 60, minutes2: 40 },
	{ code: 'MNT-CVT', nameZh: '更换CVT变速箱油', nameEn: 'CVT fluid change', category: 'maintenance', minutes1: 60, minutes2: 40 },
	{ code: 'MNT-COOL', nameZh: '更换冷却液', nameEn: 'Coolant replacement', category: 'maintenance', minutes1: 50, minutes2: 30 },
	{ code: 'MNT-HYB', nameZh: '混动系统检查保养', nameEn: 'Hybrid system check', category: 'maintenance', minutes1: 40, minutes2: 25 },
	{ code: 'MNT-EV', nameZh: '纯电车常规保养', nameEn: 'EV routine maintenance', category: 'maintenance', minutes1: 40, minutes2: 25 },
	// brakes
	{ code: 'BRK-SVC', nameZh: '刹车保养', nameEn: 'Brake service', category: 'brakes', minutes1: 40, minutes2: 20 },
	{ code: 'BRK-PAD-F', nameZh: '更换前刹车片', nameEn: 'Front brake pad replacement', category: 'brakes', minutes1: 50, minutes2: 30 },
	{ code: 'BRK-PAD-R', nameZh: '更换后刹车片', nameEn: 'Rear brake pad replacement', category: 'brakes', minutes1: 60, minutes2: 35 },
	{ code: 'BRK-DISC-F', nameZh: '更换前刹车盘', nameEn: 'Front brake disc replacement', category: 'brakes', minutes1: 90, minutes2: 50 },
	{ code: 'BRK-FLUID', nameZh: '更换刹车油', nameEn: 'Brake fluid replacement', category: 'brakes', minutes1: 40, minutes2: 25 },
	{ code: 'BRK-EPB', nameZh: '电子手刹检修', nameEn: 'Electronic parking brake repair', category: 'brakes', minutes1: 60, minutes2: 40 },
	// tyres
	{ code: 'TYR-ROT', nameZh: '轮胎换位', nameEn: 'Tyre rotation', category: 'tyres', minutes1: 20, minutes2: 12 },
	{ code: 'TYR-REP', nameZh: '补胎', nameEn: 'Puncture repair', category: 'tyres', minutes1: 25, minutes2: 15 },
	{ code: 'TYR-REPL-1', nameZh: '更换轮胎（单条）', nameEn: 'Tyre replacement (one)', category: 'tyres', minutes1: 20, minutes2: 15 },
	{ code: 'TYR-REPL-4', nameZh: '更换轮胎（四条）', nameEn: 'Tyre replacement (set of four)', category: 'tyres', minutes1: 60, minutes2: 35 },
	{ code: 'TYR-BAL', nameZh: '四轮动平衡', nameEn: 'Wheel balancing', category: 'tyres', minutes1: 30, minutes2: 20 },
	{ code: 'TYR-TPMS', nameZh: '更换胎压传感器', nameEn: 'TPMS sensor replacement', category: 'tyres', minutes1: 40, minutes2: 25 },
	// alignment
	{ code: 'ALN-4W', nameZh: '四轮定位', nameEn: 'Four-wheel alignment', category: 'alignment', minutes1: 45, minutes2: 30 },
	{ code: 'ALN-CHK', nameZh: '四轮定位检测', nameEn: 'Alignment check', category: 'alignment', minutes1: 20, minutes2: 15 },
	// suspension and steering
	{ code: 'SUS-SHOCK-F', nameZh: '更换前减震器', nameEn: 'Front shock absorber replacement', category: 'suspension', minutes1: 120, minutes2: 70 },
	{ code: 'SUS-ARM', nameZh: '更换下摆臂', nameEn: 'Lower control arm replacement', category: 'suspension', minutes1: 90, minutes2: 55 },
	{ code: 'SUS-STAB', nameZh: '更换平衡杆连杆', nameEn: 'Stabiliser link replacement', category: 'suspension', minutes1: 45, minutes2: 30 },
	{ code: 'STR-TIE', nameZh: '更换转向横拉杆球头', nameEn: 'Tie rod end replacement', category: 'suspension', minutes1: 60, minutes2: 40 },
	// electrical
	{ code: 'ELE-BATT', nameZh: '更换蓄电池', nameEn: 'Battery replacement', category: 'electrical', minutes1: 20, minutes2: 15 },
	{ code: 'ELE-DIAG', nameZh: '电气故障诊断', nameEn: 'Electrical fault diagnosis', category: 'electrical', minutes1: 60, minutes2: 45 },
	{ code: 'ELE-HEAD', nameZh: '更换大灯总成', nameEn: 'Headlamp assembly replacement', category: 'electrical', minutes1: 60, minutes2: 40 },
	{ code: 'ELE-BULB', nameZh: '更换灯泡', nameEn: 'Bulb replacement', category: 'electrical', minutes1: 15, minutes2: 10 },
	{ code: 'ELE-WIPER', nameZh: '更换雨刮片', nameEn: 'Wiper blade replacement', category: 'electrical', minutes1: 10, minutes2: 8 },
	{ code: 'ELE-ECU', nameZh: '控制单元软件升级', nameEn: 'ECU software update', category: 'electrical', minutes1: 45, minutes2: 45 },
	{ code: 'ELE-STRT', nameZh: '更换起动机', nameEn: 'Starter motor replacement', category: 'electrical', minutes1: 90, minutes2: 60 },
	{ code: 'ELE-HV', nameZh: '高压系统绝缘检测', nameEn: 'High-voltage system insulation test', category: 'electrical', minutes1: 50, minutes2: 35 },
	// engine
	{ code: 'ENG-DIAG', nameZh: '发动机故障诊断', nameEn: 'Engine diagnosis', category: 'engine', minutes1: 60, minutes2: 45 },
	{ code: 'ENG-THR', nameZh: '清洗节气门', nameEn: 'Throttle body cleaning', category: 'engine', minutes1: 30, minutes2: 20 },
	{ code: 'ENG-INJ', nameZh: '清洗喷油嘴', nameEn: 'Fuel injector cleaning', category: 'engine', minutes1: 45, minutes2: 30 },
	{ code: 'ENG-CARB', nameZh: '燃烧室积碳清洗', nameEn: 'Combustion chamber carbon cleaning', category: 'engine', minutes1: 60, minutes2: 40 },
	{ code: 'ENG-BELT', nameZh: '更换发动机皮带', nameEn: 'Drive belt replacement', category: 'engine', minutes1: 45, minutes2: 30 },
	{ code: 'ENG-WP', nameZh: '更换水泵', nameEn: 'Water pump replacement', category: 'engine', minutes1: 150, minutes2: 90 },
	{ code: 'ENG-MOUNT', nameZh: '更换发动机脚胶', nameEn: 'Engine mount replacement', category: 'engine', minutes1: 120, minutes2: 75 },
	// air conditioning
	{ code: 'AC-GAS', nameZh: '空调加注冷媒', nameEn: 'A/C refrigerant recharge', category: 'ac', minutes1: 40, minutes2: 30 },
	{ code: 'AC-CLEAN', nameZh: '空调系统清洗消毒', nameEn: 'A/C cleaning and disinfection', category: 'ac', minutes1: 30, minutes2: 20 },
	{ code: 'AC-DIAG', nameZh: '空调不制冷检查', nameEn: 'A/C not cooling diagnosis', category: 'ac', minutes1: 45, minutes2: 30 },
	{ code: 'AC-COMP', nameZh: '更换空调压缩机', nameEn: 'A/C compressor replacement', category: 'ac', minutes1: 180, minutes2: 110 },
	// inspection
	{ code: 'INS-GEN', nameZh: '全车安全检查', nameEn: 'Full vehicle safety check', category: 'inspection', minutes1: 30, minutes2: 20 },
	{ code: 'INS-PRE', nameZh: '年检前检测', nameEn: 'Pre-inspection check (annual test)', category: 'inspection', minutes1: 30, minutes2: 20 },
	{ code: 'INS-ACC', nameZh: '事故车拆检定损', nameEn: 'Accident damage assessment', category: 'inspection', minutes1: 90, minutes2: 60 },
	{ code: 'INS-ROAD', nameZh: '路试', nameEn: 'Road test', category: 'inspection', minutes1: 20, minutes2: 20 },
	// body (sheet metal)
	{ code: 'BDY-BUMP-F', nameZh: '前保险杠拆装', nameEn: 'Front bumper remove and refit', category: 'body', minutes1: 60, minutes2: 40 },
	{ code: 'BDY-BUMP-FR', nameZh: '前保险杠修复', nameEn: 'Front bumper repair', category: 'body', minutes1: 180, minutes2: 120 },
	{ code: 'BDY-BUMP-R', nameZh: '后保险杠修复', nameEn: 'Rear bumper repair', category: 'body', minutes1: 240, minutes2: 150 },
	{ code: 'BDY-DOOR', nameZh: '车门钣金修复', nameEn: 'Door panel repair', category: 'body', minutes1: 240, minutes2: 150 },
	{ code: 'BDY-FENDER', nameZh: '翼子板钣金修复', nameEn: 'Front fender repair', category: 'body', minutes1: 180, minutes2: 110 },
	{ code: 'BDY-QTR', nameZh: '后叶子板钣金修复', nameEn: 'Rear quarter panel repair', category: 'body', minutes1: 360, minutes2: 220 },
	{ code: 'BDY-HOOD', nameZh: '更换发动机盖', nameEn: 'Bonnet replacement', category: 'body', minutes1: 120, minutes2: 80 },
	{ code: 'BDY-PDR', nameZh: '无痕凹陷修复', nameEn: 'Paintless dent repair', category: 'body', minutes1: 90, minutes2: 70 },
	{ code: 'BDY-FRAME', nameZh: '车身大梁校正', nameEn: 'Chassis straightening', category: 'body', minutes1: 600, minutes2: 360 },
	{ code: 'BDY-GLASS', nameZh: '更换前挡风玻璃', nameEn: 'Windscreen replacement', category: 'body', minutes1: 90, minutes2: 60 },
	// paint
	{ code: 'PNT-SPOT', nameZh: '局部补漆', nameEn: 'Spot repair', category: 'paint', minutes1: 180, minutes2: 120 },
	{ code: 'PNT-PANEL', nameZh: '单面喷漆', nameEn: 'Single panel refinish', category: 'paint', minutes1: 240, minutes2: 150 },
	{ code: 'PNT-BUMP', nameZh: '保险杠喷漆', nameEn: 'Bumper refinish', category: 'paint', minutes1: 240, minutes2: 150 },
	{ code: 'PNT-DOOR', nameZh: '车门喷漆', nameEn: 'Door refinish', category: 'paint', minutes1: 240, minutes2: 160 },
	{ code: 'PNT-2PANEL', nameZh: '双面喷漆', nameEn: 'Two-panel refinish', category: 'paint', minutes1: 360, minutes2: 220 },
	{ code: 'PNT-FULL', nameZh: '全车喷漆', nameEn: 'Full respray', category: 'paint', minutes1: 960, minutes2: 600 },
	{ code: 'PNT-POLISH', nameZh: '抛光打蜡', nameEn: 'Polish and wax', category: 'paint', minutes1: 120, minutes2: 80 },
	// wash
	{ code: 'WASH', nameZh: '免费洗车', nameEn: 'Free car wash', category: 'wash', minutes1: 15, minutes2: 10 },
	{ code: 'WASH-INT', nameZh: '内饰精洗', nameEn: 'Interior detailing', category: 'wash', minutes1: 90, minutes2: 60 }
];

export const demoCustomers: DemoCustomer[] = [
	/* 0 */ { name: '陈志强', phone: '13800001101', tags: '+', vehicle: { plate: '粤A·5K8Q2', vin: 'LVGBV5FK2MG318020', model: '凯美瑞 Camry', colour: '铂金银' } },
	/* 1 */ { name: '李秀英', phone: '13900002215', tags: '', vehicle: { plate: '粤A·D36218', vin: 'LVGE3AEB3PG875293', model: '铂智 bZ4X', colour: '珍珠白' } },
	/* 2 */ { name: '黄俊杰', phone: '15800003327', tags: '', vehicle: { plate: '粤A·3HN71', vin: 'LVGD6CFH7LG770137', model: '汉兰达 Highlander', colour: '墨晶黑' } },
	/* 3 */ { name: '张丽娟', phone: '18600004432', tags: '', vehicle: { plate: '粤A·7CM29', vin: 'LVGC1DEE0KG445819', model: '雷凌 Levin', colour: '烈焰红' } },
	/* 4 */ { name: '梁家豪', phone: '13700005546', tags: '!', vehicle: { plate: '粤B·6PL83', vin: 'LVGD6CFH0NG564435', model: '汉兰达 Highlander', colour: '珍珠白' } },
	/* 5 */ { name: '吴晓燕', phone: '15900006651', tags: '', vehicle: { plate: '粤A·2TX56', vin: 'LVGA1CFA5JG740023', model: '致炫 Yaris L', colour: '星河灰' } },
	/* 6 */ { name: '刘建国', phone: '18800007763', tags: '#', vehicle: { plate: '粤A·F81526', vin: 'LVGC4PHE4MG186873', model: '雷凌双擎+ Levin PHEV', colour: '铂金银' } },
	/* 7 */ { name: '何美玲', phone: '13600008874', tags: '', vehicle: { plate: '粤E·9R3K7', vin: 'LVGD2BFM3NG458385', model: '威兰达 Wildlander', colour: '星河灰' } },
	/* 8 */ { name: '周文斌', phone: '15000009985', tags: '', vehicle: { plate: '粤A·4GW08', vin: 'LVGBV5FK4PG647368', model: '凯美瑞 Camry', colour: '墨晶黑' } },
	/* 9 */ { name: '罗嘉欣', phone: '18900001096', tags: '+', vehicle: { plate: '粤A·1ZB65', vin: 'LVGE8DFS3NG794650', model: '赛那 Sienna', colour: '珍珠白' } },
	/* 10 */ { name: '林伟明', phone: '13500002107', tags: '', vehicle: { plate: '湘A·8M2E6', vin: 'LVGBV5FKXKG859264', model: '凯美瑞 Camry', colour: '珍珠白' } },
	/* 11 */ { name: '谢芳', phone: '15100003218', tags: '', vehicle: { plate: '粤A·6EV39', vin: 'LVGC6AFH5LG566064', model: 'C-HR', colour: '深海蓝' } },
	/* 12 */ { name: '郑浩然', phone: '18700004329', tags: '', vehicle: { plate: '粤A·0LC47', vin: 'LVGC7BFX2PG950920', model: '锋兰达 Frontlander', colour: '珍珠白' } },
	/* 13 */ { name: '冯丽华', phone: '13300005430', tags: '', vehicle: { plate: '粤S·2NR58', vin: 'LVGC1DEE1LG434541', model: '雷凌 Levin', colour: '珍珠白' } },
	/* 14 */ { name: '曾国华', phone: '15300006541', tags: '+', vehicle: { plate: '粤A·8SK12', vin: 'JTNGF3DH1NY589935', model: '埃尔法 Alphard', colour: '墨晶黑' } },
	/* 15 */ { name: '邓雅婷', phone: '18200007652', tags: '', vehicle: { plate: '粤A·D72095', vin: 'LVGE1AEX5SG439717', model: '铂智3X bZ3X', colour: '星河灰' } },
	/* 16 */ { name: '许志刚', phone: '13200008763', tags: '', vehicle: { plate: '桂A·5F7J3', vin: 'LVGD2BFM1MG861084', model: '威兰达 Wildlander', colour: '墨晶黑' } },
	/* 17 */ { name: '蔡晓明', phone: '15600009874', tags: '', vehicle: { plate: '粤A·3YD40', vin: 'LVGB3AFL7MG450410', model: '凌尚 Allion', colour: '铂金银' } },
	/* 18 */ { name: '彭丽', phone: '18500000985', tags: '', vehicle: { plate: '粤A·7QH26', vin: 'LVGBV5FK9JG288283', model: '凯美瑞 Camry', colour: '香槟金' } },
	/* 19 */ { name: '苏永康', phone: '13100001196', tags: '!', vehicle: { plate: '粤A·9BT83', vin: 'LVGD6CFH6KG306934', model: '汉兰达 Highlander', colour: '墨晶黑' } },
	/* 20 */ { name: '潘淑珍', phone: '15700002307', tags: '', vehicle: { plate: '粤A·4JA71', vin: 'LVGC1DEE0NG459109', model: '雷凌 Levin', colour: '铂金银' } },
	/* 21 */ { name: '杜晨阳', phone: '18100003418', tags: '', vehicle: { plate: '赣A·6K2P9', vin: 'LVGBV5FK0RG198032', model: '凯美瑞 Camry', colour: '墨晶黑' } },
	/* 22 */ { name: '钟慧敏', phone: '13800004529', tags: '', vehicle: { plate: '粤A·2UV95', vin: 'LVGD5CFV1NG462859', model: '威飒 Venza', colour: '珍珠白' } },
	/* 23 */ { name: '江海涛', phone: '13900005630', tags: '#', vehicle: { plate: '粤A·8DW34', vin: 'LVGE8DFS2PG397840', model: '赛那 Sienna', colour: '铂金银' } },
	/* 24 */ { name: '方婷婷', phone: '15800006741', tags: '', vehicle: { plate: '粤A·5MG17', vin: 'LVGC6AFHXKG835044', model: 'C-HR', colour: '珍珠白' } },
	/* 25 */ { name: '叶振华', phone: '18600007852', tags: '', vehicle: { plate: '粤B·D09386', vin: 'LVGE3AEB3RG991239', model: '铂智 bZ4X', colour: '星河灰' } },
	/* 26 */ { name: '胡婉婷', phone: '13700008963', tags: '', vehicle: { plate: '粤A·3EF52', vin: 'LVGA1CFA6LG686749', model: '致炫 Yaris L', colour: '烈焰红' } },
	/* 27 */ { name: '唐立新', phone: '15900009074', tags: '', vehicle: { plate: '粤A·1RP68', vin: 'LVGD6CFH6PG882093', model: '汉兰达 Highlander', colour: '星河灰' } },
	/* 28 */ { name: '孙佳琪', phone: '18800000185', tags: '', vehicle: { plate: '粤A·6HS04', vin: 'LVGC7BFX0RG545464', model: '锋兰达 Frontlander', colour: '烈焰红' } },
	/* 29 */ { name: '马俊', phone: '13600001296', tags: '', vehicle: { plate: '闽D·3A7K5', vin: 'LFMKV30F0MT625998', model: '荣放 RAV4', colour: '墨晶黑' } },
	/* 30 */ { name: '高静', phone: '15000002307', tags: '', vehicle: { plate: '粤A·0TN38', vin: 'LVGBV5FK3NG212175', model: '凯美瑞 Camry', colour: '珍珠白' } },
	/* 31 */ { name: '韦国强', phone: '18900003418', tags: '', vehicle: { plate: '粤R·5G2W7', vin: 'LVGD2BFM5PG555946', model: '威兰达 Wildlander', colour: '铂金银' } },
	/* 32 */ { name: '黎思颖', phone: '13500004520', tags: '+', vehicle: { plate: '粤A·F63720', vin: 'LVGD4PHM5NG575390', model: '威兰达双擎+ Wildlander PHEV', colour: '珍珠白' } },
	/* 33 */ { name: '莫少锋', phone: '15100005631', tags: '', vehicle: { plate: '粤A·9LX15', vin: 'LVGA1CFA8MG505507', model: '致炫 Yaris L', colour: '珍珠白' } },
	/* 34 */ { name: '温嘉怡', phone: '18700006742', tags: '', vehicle: { plate: '粤A·2CB83', vin: 'LVGC1DEE9PG351378', model: '雷凌 Levin', colour: '香槟金' } },
	/* 35 */ { name: '卢志明', phone: '13300007853', tags: '', vehicle: { plate: '粤A·7NE49', vin: 'LVGD6CFHXMG384572', model: '汉兰达 Highlander', colour: '墨晶黑' } },
	/* 36 */ { name: '邱丽萍', phone: '15300008964', tags: '', vehicle: { plate: '粤A·4WQ06', vin: 'LVGBV5FK0LG727440', model: '凯美瑞 Camry', colour: '星河灰' } },
	/* 37 */ { name: '赖伟雄', phone: '18200009075', tags: '!', vehicle: { plate: '粤A·8GM21', vin: 'LVGE8DFS6MG427062', model: '赛那 Sienna', colour: '墨晶黑' } },
	/* 38 */ { name: '姚晓红', phone: '13200000186', tags: '', vehicle: { plate: '粤E·3KD58', vin: 'LVGC7BFXXNG793019', model: '锋兰达 Frontlander', colour: '星河灰' } },
	/* 39 */ { name: '谭家明', phone: '15600001297', tags: '', vehicle: { plate: '粤A·6FA90', vin: 'LVGBV5FK2HG940980', model: '凯美瑞 Camry', colour: '铂金银' } }
];

/*
 * The day at about 14:00. Bays held now (dispatched / in_progress / paused / team_check):
 *   M1 paused (approval) · M2 in progress, overdue · M3 paused (parts) · M4 held (its lift is out of service)
 *   M5 team check · M6 in progress, overdue · A1 dispatched · B1 in progress
 *   P1 team check · P2 in progress
 * Accident cars came in over the last few days, so their arrival times reach back further.
 */
export const demoRepairOrders: DemoRepairOrder[] = [
	// ── delivered ──────────────────────────────────────────────
	{
		customer: 0,
		kind: 'maintenance',
		operations: ['MNT-STD', 'TYR-ROT'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'wechat',
		concerns: '常规保养，顺便做一下轮胎换位',
		arrivedMinutesAgo: 350,
		promisedInMinutes: -200,
		target: 'delivered',
		bay: 'M1',
		team: 'T1',
		crewSize: 2,
		workedMinutes: 44
	},
	{
		customer: 5,
		kind: 'maintenance',
		operations: ['MNT-STD', 'MNT-CABF'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'alipay',
		concerns: '保养，开空调有股霉味',
		arrivedMinutesAgo: 335,
		promisedInMinutes: -220,
		target: 'delivered',
		bay: 'M2',
		team: 'T2',
		crewSize: 1,
		workedMinutes: 52
	},
	{
		customer: 10,
		kind: 'repair',
		operations: ['ELE-BATT', 'INS-GEN'],
		wash: false,
		keepOldParts: false,
		paymentMethod: 'card',
		concerns: '早上打不着火，仪表灯很暗，下午要赶回长沙',
		arrivedMinutesAgo: 355,
		promisedInMinutes: -270,
		target: 'delivered',
		bay: 'M3',
		team: 'T3',
		crewSize: 1,
		workedMinutes: 48
	},
	{
		customer: 14,
		kind: 'maintenance',
		operations: ['MNT-20K', 'BRK-SVC', 'AC-CLEAN'],
		wash: true,
		keepOldParts: true,
		paymentMethod: 'card',
		concerns: '两万公里保养，刹车踩下去有点软，空调顺便清洗一下',
		arrivedMinutesAgo: 360,
		promisedInMinutes: -150,
		target: 'delivered',
		bay: 'M5',
		team: 'T1',
		crewSize: 2,
		workedMinutes: 80
	},
	{
		customer: 18,
		kind: 'accident',
		operations: ['BDY-BUMP-R', 'PNT-BUMP'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'insurance',
		concerns: '倒车撞到地库柱子，后保险杠凹陷掉漆，已报保险',
		arrivedMinutesAgo: 3150,
		promisedInMinutes: -120,
		target: 'delivered',
		bay: 'B1',
		team: 'BODY',
		crewSize: 2,
		workedMinutes: 310
	},
	{
		customer: 21,
		kind: 'repair',
		operations: ['BRK-PAD-F', 'BRK-SVC'],
		wash: false,
		keepOldParts: false,
		paymentMethod: 'wechat',
		concerns: '刹车有吱吱的异响，低速时更明显',
		arrivedMinutesAgo: 330,
		promisedInMinutes: -150,
		target: 'delivered',
		bay: 'M6',
		team: 'T2',
		crewSize: 1,
		workedMinutes: 115,
		rework: true
	},

	// ── ready for pickup ───────────────────────────────────────
	{
		customer: 2,
		kind: 'maintenance',
		operations: ['MNT-40K'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'wechat',
		concerns: '四万公里保养，火花塞到期要换',
		arrivedMinutesAgo: 320,
		promisedInMinutes: 10,
		target: 'ready',
		bay: 'M1',
		team: 'T1',
		crewSize: 2,
		workedMinutes: 76
	},
	{
		customer: 23,
		kind: 'maintenance',
		operations: [
			'MNT-STD',
			'ELE-WIPER',
			'TYR-BAL',
			{ nameZh: '检查右侧电动滑门异响', nameEn: 'Check right sliding door rattle', minutes1: 30, minutes2: 20 }
		],
		wash: false,
		keepOldParts: false,
		paymentMethod: 'card',
		concerns: '公司用车，保养；高速上方向盘有点抖，右边滑门关的时候有响声',
		arrivedMinutesAgo: 300,
		promisedInMinutes: -20,
		target: 'ready',
		bay: 'M2',
		team: 'T3',
		crewSize: 1,
		workedMinutes: 118
	},
	{
		customer: 7,
		kind: 'accident',
		operations: ['BDY-DOOR', 'PNT-DOOR'],
		wash: true,
		keepOldParts: true,
		paymentMethod: 'insurance',
		concerns: '右后门被电动车撞了，有凹陷和划痕',
		arrivedMinutesAgo: 1680,
		promisedInMinutes: 60,
		target: 'ready',
		bay: 'B1',
		team: 'BODY',
		crewSize: 2,
		workedMinutes: 300
	},

	// ── wash ───────────────────────────────────────────────────
	{
		customer: 12,
		kind: 'repair',
		operations: ['AC-DIAG', 'AC-GAS'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'wechat',
		concerns: '空调不够凉，出风口有时候吹热风',
		arrivedMinutesAgo: 290,
		promisedInMinutes: 20,
		target: 'wash',
		bay: 'M3',
		team: 'T2',
		crewSize: 1,
		workedMinutes: 82
	},
	{
		customer: 31,
		kind: 'accident',
		operations: ['BDY-FENDER', 'PNT-PANEL'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'insurance',
		concerns: '左前翼子板剐蹭，凹了一块还掉漆',
		arrivedMinutesAgo: 1410,
		promisedInMinutes: 90,
		target: 'wash',
		bay: 'P2',
		team: 'PAINT',
		crewSize: 2,
		workedMinutes: 265
	},

	// ── final QC ───────────────────────────────────────────────
	{
		customer: 4,
		kind: 'repair',
		operations: ['SUS-SHOCK-F', 'ALN-4W'],
		wash: true,
		keepOldParts: true,
		paymentMethod: 'card',
		concerns: '过减速带前面咚咚响，换下来的旧件要带走',
		arrivedMinutesAgo: 340,
		promisedInMinutes: 30,
		target: 'final_qc',
		bay: 'A1',
		team: 'T3',
		crewSize: 2,
		workedMinutes: 135,
		rework: true
	},
	{
		customer: 9,
		kind: 'accident',
		operations: ['BDY-BUMP-F', 'ELE-HEAD'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'insurance',
		concerns: '追尾前车，前杠松脱、左大灯碎了，大灯要换原厂的',
		arrivedMinutesAgo: 1320,
		promisedInMinutes: 120,
		target: 'final_qc',
		bay: 'B1',
		team: 'BODY',
		crewSize: 1,
		workedMinutes: 115
	},

	// ── team-leader check (bay still held) ─────────────────────
	{
		customer: 20,
		kind: 'maintenance',
		operations: ['MNT-STD', 'BRK-FLUID'],
		wash: false,
		keepOldParts: false,
		paymentMethod: 'cash',
		concerns: '保养，刹车油好像两年没换了',
		arrivedMinutesAgo: 210,
		promisedInMinutes: 20,
		target: 'team_check',
		bay: 'M5',
		team: 'T1',
		crewSize: 1,
		workedMinutes: 80
	},
	{
		customer: 16,
		kind: 'accident',
		operations: ['PNT-2PANEL'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'insurance',
		concerns: '右侧前后门被刮花，钣金已经做好，需要喷漆',
		arrivedMinutesAgo: 3120,
		promisedInMinutes: 150,
		target: 'team_check',
		bay: 'P1',
		team: 'PAINT',
		crewSize: 2,
		workedMinutes: 225
	},

	// ── in progress ────────────────────────────────────────────
	{
		customer: 19,
		kind: 'repair',
		operations: ['ENG-DIAG', 'ENG-THR'],
		wash: false,
		keepOldParts: false,
		paymentMethod: 'wechat',
		concerns: '发动机故障灯亮了，怠速的时候车身抖',
		arrivedMinutesAgo: 280,
		promisedInMinutes: -10,
		target: 'in_progress',
		bay: 'M2',
		team: 'T2',
		crewSize: 1,
		workedMinutes: 115
	},
	{
		customer: 27,
		kind: 'repair',
		operations: ['ENG-WP', 'MNT-COOL'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'warranty',
		concerns: '发动机舱有冷却液的味道，停一晚地上有水迹',
		arrivedMinutesAgo: 240,
		promisedInMinutes: 15,
		target: 'in_progress',
		bay: 'M6',
		team: 'T3',
		crewSize: 2,
		workedMinutes: 132
	},
	{
		customer: 35,
		kind: 'accident',
		operations: ['BDY-QTR', 'BDY-BUMP-R', 'PNT-2PANEL'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'insurance',
		concerns: '等红灯被后车追尾，后叶子板和后杠变形，尾门关不严',
		arrivedMinutesAgo: 1740,
		promisedInMinutes: 1200,
		target: 'in_progress',
		bay: 'B1',
		team: 'BODY',
		crewSize: 2,
		workedMinutes: 380
	},
	{
		customer: 8,
		kind: 'accident',
		operations: ['PNT-BUMP', 'PNT-SPOT'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'insurance',
		concerns: '前杠擦到路边石掉漆，右前门有几道划痕',
		arrivedMinutesAgo: 1620,
		promisedInMinutes: 180,
		target: 'in_progress',
		bay: 'P2',
		team: 'PAINT',
		crewSize: 1,
		workedMinutes: 300
	},

	// ── paused ─────────────────────────────────────────────────
	{
		customer: 22,
		kind: 'repair',
		operations: ['AC-DIAG', 'AC-COMP'],
		wash: false,
		keepOldParts: false,
		paymentMethod: 'warranty',
		concerns: '空调开一会儿就不凉了，压缩机有嗡嗡声',
		arrivedMinutesAgo: 260,
		promisedInMinutes: 1260,
		target: 'paused',
		bay: 'M3',
		team: 'T2',
		crewSize: 1,
		workedMinutes: 50,
		pauseReason: 'parts',
		pauseNote: '空调压缩机缺货，已向厂家紧急订货，预计明早到货'
	},
	{
		customer: 3,
		kind: 'maintenance',
		operations: ['MNT-STD', 'BRK-SVC'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'wechat',
		concerns: '保养，刹车的时候方向盘有点抖',
		arrivedMinutesAgo: 150,
		promisedInMinutes: 30,
		target: 'paused',
		bay: 'M1',
		team: 'T1',
		crewSize: 1,
		workedMinutes: 55,
		pauseReason: 'approval',
		pauseNote: '前刹车盘磨损超限，建议更换，已报价，等客户确认'
	},

	// ── dispatched ─────────────────────────────────────────────
	{
		customer: 28,
		kind: 'accident',
		operations: ['SUS-ARM', 'ALN-4W'],
		wash: false,
		keepOldParts: false,
		paymentMethod: 'insurance',
		concerns: '下雨天打滑撞到马路牙子，右前轮往外撇，方向盘跑偏',
		arrivedMinutesAgo: 110,
		promisedInMinutes: 150,
		target: 'dispatched',
		bay: 'A1',
		team: 'T3',
		crewSize: 1
	},

	// ── waiting for dispatch ───────────────────────────────────
	{
		customer: 1,
		kind: 'maintenance',
		operations: ['MNT-EV', 'MNT-CABF'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'alipay',
		concerns: '纯电车保养，空调滤芯也换一下',
		arrivedMinutesAgo: 80,
		promisedInMinutes: 120,
		target: 'waiting_dispatch'
	},
	{
		customer: 33,
		kind: 'accident',
		operations: ['BDY-PDR'],
		wash: false,
		keepOldParts: false,
		paymentMethod: 'cash',
		concerns: '停车场被人撞了一下，左后门一个凹坑，没掉漆，不走保险',
		arrivedMinutesAgo: 60,
		promisedInMinutes: 1380,
		target: 'waiting_dispatch'
	},
	{
		customer: 37,
		kind: 'accident',
		operations: ['BDY-BUMP-FR', 'PNT-BUMP'],
		wash: true,
		keepOldParts: false,
		paymentMethod: 'insurance',
		concerns: '变道时被剐，前杠右侧开裂，保险公司已经定损',
		arrivedMinutesAgo: 45,
		promisedInMinutes: 1560,
		target: 'waiting_dispatch'
	},
	{
		customer: 13,
		kind: 'repair',
		operations: ['TYR-REP', 'TYR-BAL'],
		wash: false,
		keepOldParts: false,
		paymentMethod: 'cash',
		concerns: '右后轮慢漏气，胎压灯亮了',
		arrivedMinutesAgo: 30,
		promisedInMinutes: 60,
		target: 'waiting_dispatch'
	},

	// ── just checked in ────────────────────────────────────────
	{
		customer: 25,
		kind: 'repair',
		operations: ['ELE-DIAG', 'ELE-HV'],
		wash: false,
		keepOldParts: false,
		paymentMethod: 'warranty',
		concerns: '仪表提示充电系统故障，慢充桩充不进电',
		arrivedMinutesAgo: 15,
		promisedInMinutes: 180,
		target: 'checked_in'
	},
	{
		customer: 39,
		kind: 'accident',
		operations: ['INS-ACC'],
		wash: false,
		keepOldParts: true,
		paymentMethod: 'insurance',
		concerns: '拖车送来，车头撞击，安全气囊弹出，等保险公司来定损',
		arrivedMinutesAgo: 8,
		promisedInMinutes: 4320,
		target: 'checked_in'
	}
];
