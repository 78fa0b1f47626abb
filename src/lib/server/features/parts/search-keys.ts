import { pinyin } from 'pinyin-pro';

/**
 * What a Chinese part name is found by on a Latin keyboard, written with the part (so a search is
 * one query and the dictionary never reaches the browser):
 *
 * - `initials`: the first letter of each syllable, 机油滤清器 → jylqq. A search matches them from
 *   the start (jyl) or from any syllable on (lqq → 滤清器), just as 滤清器 is found inside the name.
 * - `pinyin`: the full pinyin without tones, ü typed as v (机滤器 → jilvqi), followed by the same
 *   from each later syllable on, space-separated: "jilvqi lvqi qi". A search matches a word's start:
 *   the whole name by its pinyin from the start (jilv), or from any syllable on (lvqi → 滤器), but
 *   never from inside a syllable (hua does not find 转 zhuan). Names with ü also carry the spelling
 *   with u (jiluqi), as many people type it.
 *
 * Latin letters and digits in a name are kept as one word (lower case), so "ATF 变速箱油" is found
 * by "atf" and by "bsxy". Polyphones are read in context by pinyin-pro (刹车 → shache).
 */
export function searchKeys(nameZh: string): { pinyin: string; initials: string } {
	const options = { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' } as const;
	const syllables = pinyin(nameZh, options).map(clean).filter(Boolean);
	const firsts = pinyin(nameZh, { ...options, pattern: 'first' }).map(clean).filter(Boolean);
	const words = suffixes(syllables);
	if (syllables.some((s) => s.includes('v'))) words.push(...suffixes(syllables.map((s) => s.replace(/v/g, 'u'))));
	return { pinyin: [...new Set(words)].join(' '), initials: firsts.join('') };
}

const clean = (part: string) => part.toLowerCase().replace(/[^a-z0-9]/g, '');

/** ["ji","lv","qi"] → ["jilvqi", "lvqi", "qi"] */
function suffixes(syllables: string[]): string[] {
	return syllables.map((_, i) => syllables.slice(i).join('')).filter(Boolean);
}

/** What a search box's text is compared with: lower case, no spaces or dashes (a number typed as 04152YZZA1). */
export function searchText(q: string): string {
	return q.trim().toLowerCase().replace(/[\s\-_./]/g, '');
}
