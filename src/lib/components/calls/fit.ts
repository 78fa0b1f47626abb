import type { Attachment } from 'svelte/attachments';

/**
 * A line that must stay whole on a narrow card (the bay board's "Supervisor 12′" at five cards a
 * row): its type shrinks a little until it fits, never cut with an ellipsis (like the plate's
 * `fit`). Measures again when `text` changes and when the line's width does.
 */
export function fitText(text: string): Attachment<HTMLElement> {
	return (el) => {
		void text;
		const measure = () => {
			el.style.fontSize = '';
			for (let i = 0; i < 4 && el.scrollWidth > el.clientWidth && el.clientWidth > 0; i++) {
				const now = parseFloat(getComputedStyle(el).fontSize);
				el.style.fontSize = `${Math.floor(now * (el.clientWidth / el.scrollWidth) * 0.98 * 10) / 10}px`;
			}
			el.dataset.fitted = el.style.fontSize ? 'shrunk' : 'whole';
		};
		measure();
		const observer = new ResizeObserver(measure);
		observer.observe(el);
		document.fonts?.ready.then(measure);
		return () => observer.disconnect();
	};
}
