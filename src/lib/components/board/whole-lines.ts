import type { Attachment } from 'svelte/attachments';

/**
 * A text block that gives up lines when its card is short of room (the bay card's operations):
 * it shows as many WHOLE lines as the room it is given holds (at least one, at most `max`),
 * never a line cut in half at its foot. The room is what the flex layout leaves it; measured
 * again when that changes or the text does.
 */
export function wholeLines(text: string, max = 2): Attachment<HTMLElement> {
	return (el) => {
		void text;
		const measure = () => {
			el.style.maxHeight = '';
			el.style.setProperty('-webkit-line-clamp', String(max));
			el.style.setProperty('line-clamp', String(max));
			const line = parseFloat(getComputedStyle(el).lineHeight);
			if (!(line > 0)) return;
			const lines = Math.max(1, Math.min(max, Math.floor((el.clientHeight + 0.5) / line)));
			el.style.setProperty('-webkit-line-clamp', String(lines));
			el.style.setProperty('line-clamp', String(lines));
			el.style.maxHeight = `${lines * line}px`;
			el.dataset.lines = String(lines);
		};
		measure();
		const observer = new ResizeObserver(measure);
		observer.observe(el);
		if (el.parentElement) observer.observe(el.parentElement);
		document.fonts?.ready.then(measure);
		return () => observer.disconnect();
	};
}
