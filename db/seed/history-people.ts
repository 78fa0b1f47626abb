/**
 * Invented customers and vehicles for the generated history (db/seed/history.ts): plausible
 * Chinese names, Guangdong plates, fake phone numbers ("0000" in the middle, like the demo's).
 */
import { normalizePlate } from '../../src/lib/domain/plate';

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程魏苏吕丁任卢沈姚钟崔谭陆汪范廖石金贾';
const given = [
	'伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '慧', '建华', '志强', '晓燕', '俊杰', '家豪',
	'嘉欣', '文斌', '海峰', '国栋', '美玲', '丽华', '浩然', '子轩', '梓涵', '雨桐', '思远', '宇航', '欣怡', '建国', '永强', '婷婷', '晓东', '志成', '锦荣', '振东',
	'少华', '佳琪', '伟明', '淑芬', '桂英', '晨', '凯', '琳', '博', '鹏', '雪', '倩', '颖', '昊', '越'
];
/** Guangzhou mostly, then the rest of Guangdong, a few from elsewhere. */
const prefixes = ['粤A', '粤A', '粤A', '粤A', '粤A', '粤A', '粤B', '粤S', '粤E', '粤Y', '粤R', '湘A', '桂A', '赣A'];
const plateChars = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const digits = '0123456789';

export const historyModels = [
	'凯美瑞 Camry',
	'凯美瑞双擎 Camry Hybrid',
	'雷凌 Levin',
	'雷凌双擎+ Levin PHEV',
	'致炫 Yaris L',
	'汉兰达 Highlander',
	'威兰达 Wildlander',
	'C-HR',
	'锋兰达 Frontlander',
	'赛那 Sienna',
	'铂智 bZ4X',
	'埃尔法 Alphard'
];
const modelWeights = [16, 8, 14, 5, 8, 9, 9, 6, 9, 4, 3, 2];
const colours = ['珍珠白', '铂金银', '墨晶黑', '星河灰', '烈焰红', '深海蓝'];

export type Rand = () => number;

export const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

export function weighted<T>(rand: Rand, list: readonly T[], weights: readonly number[]): T {
	const total = weights.reduce((a, b) => a + b, 0);
	let x = rand() * total;
	for (let i = 0; i < list.length; i++) {
		x -= weights[i];
		if (x < 0) return list[i];
	}
	return list[list.length - 1];
}

export function personName(rand: Rand): string {
	return pick(rand, [...surnames]) + pick(rand, given);
}

export function phoneNumber(rand: Rand): string {
	const head = pick(rand, ['13', '15', '18', '17', '19']) + pick(rand, [...digits]);
	let tail = '';
	for (let i = 0; i < 4; i++) tail += pick(rand, [...digits]);
	return `${head}0000${tail}`;
}

/** A plate not in `taken` (normalised as the commands store it); adds it. */
export function newPlate(rand: Rand, taken: Set<string>): string {
	for (;;) {
		let tail = '';
		// One in eight a new-energy plate (six characters, D or F first).
		if (rand() < 0.125) {
			tail = pick(rand, ['D', 'F']);
			for (let i = 0; i < 5; i++) tail += pick(rand, [...digits]);
		} else {
			for (let i = 0; i < 5; i++) tail += pick(rand, [...plateChars]);
		}
		const plate = normalizePlate(`${pick(rand, prefixes)}${tail}`);
		if (plate && !taken.has(plate)) {
			taken.add(plate);
			return plate;
		}
	}
}

export function vehicleModel(rand: Rand): string {
	return weighted(rand, historyModels, modelWeights);
}

export function colour(rand: Rand): string {
	return pick(rand, colours);
}
