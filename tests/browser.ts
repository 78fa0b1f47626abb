import { existsSync } from 'node:fs';

/** Debian's Chromium (apt-get install chromium): Playwright must not download a browser of its own. */
export function chromiumPath(): string {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
	const found = candidates.find((p): p is string => !!p && existsSync(p));
	if (!found) {
		throw new Error('No Chromium found. Install it with `apt-get install -y chromium fonts-noto-cjk`, or set CHROMIUM_PATH.');
	}
	return found;
}

export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic'
];
