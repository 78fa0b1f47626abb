/**
 * The call chime: a short WebAudio beep (no audio file), muted per device (localStorage).
 * Browser only; the audio starts after the screen's first tap (the browser's autoplay rule).
 */
const KEY = 'pitwall.calls.muted';

class Chime {
	#muted = $state(false);
	#ctx: AudioContext | null = null;

	constructor() {
		// In the browser only (the server has no localStorage): read once, when the module loads.
		if (typeof localStorage === 'undefined') return;
		try {
			this.#muted = localStorage.getItem(KEY) === '1';
		} catch {
			this.#muted = false;
		}
	}

	get muted(): boolean {
		return this.#muted;
	}

	set muted(value: boolean) {
		this.#muted = value;
		try {
			if (value) localStorage.setItem(KEY, '1');
			else localStorage.removeItem(KEY);
		} catch {
			// private mode: muted for this page only
		}
		if (!value) this.#unlock();
	}

	#unlock() {
		if (typeof window === 'undefined') return;
		try {
			this.#ctx ??= new AudioContext();
			if (this.#ctx.state === 'suspended') void this.#ctx.resume();
		} catch {
			this.#ctx = null;
		}
	}

	/** Called on the screen's taps so the beep may sound later. */
	armed = () => this.#unlock();

	/** Two short tones; three, higher, when urgent. */
	play(urgent = false) {
		if (this.#muted) return;
		this.#unlock();
		const ctx = this.#ctx;
		if (!ctx || ctx.state !== 'running') return;
		const tones = urgent ? [1320, 1320, 1320] : [880, 660];
		tones.forEach((hz, i) => {
			const at = ctx.currentTime + i * 0.22;
			const osc = ctx.createOscillator();
			const gain = ctx.createGain();
			osc.frequency.value = hz;
			gain.gain.setValueAtTime(0.0001, at);
			gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
			gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
			osc.connect(gain).connect(ctx.destination);
			osc.start(at);
			osc.stop(at + 0.2);
		});
	}
}

/** One chime per page (the screens have one calls store each). */
export const chime = new Chime();
