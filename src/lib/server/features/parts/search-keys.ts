import { pinyin } from 'pinyin-pro';

/**
 * What a Chinese part name is found by on a Latin keyboard: its pinyin without tones (ü typed as
 * v: 机滤器 → jilvqi) and its initials (jlq). Written with the part, so a search is one indexed
 * query and the dictionary never reaches the browser. Latin and digits in a name are kept as
 * they are (lower case), so "ATF 变速箱油" is found by "atf" and by "bsxy".
 */
export function searchKeys(nameZh: string): { pinyin: string; initials: string } {
	const options = { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' } as const;
	const full = pinyin(nameZh, options);
	const first = pinyin(nameZh, { ...options, pattern: 'first' });
	const clean = (parts: string[]) => parts.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
	return { pinyin: clean(full), initials: clean(first) };
}

/** What a search box's text is compared with: lower case, no spaces or dashes (a number typed as 04152YZZA1). */
export function searchText(q: string): string {
	return q.trim().toLowerCase().replace(/[\s\-_./]/g, '');
}
