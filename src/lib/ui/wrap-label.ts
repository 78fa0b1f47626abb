/**
 * A chart's category label in lines of at most `width` characters, broken between words (a
 * Chinese name has none and stays whole), and cut with "…" past `lines`: a long team or operation
 * name then takes two lines beside its bar instead of running off the chart's left edge.
 */
export function wrapLabel(text: string, width: number, lines = 2): string[] {
	const out: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > width) {
			out.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	if (line) out.push(line);
	if (out.length <= lines) return out;
	const kept = out.slice(0, lines);
	kept[lines - 1] = `${kept[lines - 1].slice(0, Math.max(1, width - 1))}…`;
	return kept;
}
