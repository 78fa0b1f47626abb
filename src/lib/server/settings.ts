import { resolve } from 'node:path';

/** Every setting Pitwall reads from the environment, in one place, with defaults that need no setting. */
export interface Settings {
	port: number;
	host: string;
	/** Folder holding the SQLite file. `:memory:` keeps the database in memory (tests). */
	dataDir: string;
	/** Default language of screens that have not chosen one. */
	language: 'zh-CN' | 'en';
	/** Load the demo shop into an empty database. */
	demo: boolean;
	/** Demo only: how many stores the demo loads (PITWALL_DEMO_STORES, 1 or 2): a dealer group's two, with its group people. */
	demoStores: number;
	/** Seconds between heartbeats on every live socket. */
	heartbeatSeconds: number;
	/** Demo only: run the shop's day at this speed (60 = an hour a minute); 0 = off. */
	simulate: number;
	/**
	 * Where browsers reach Pitwall, read as adapter-node reads them: ORIGIN (e.g.
	 * https://service.dealer.cn), else the protocol from the PROTOCOL_HEADER header and the host
	 * from HOST_HEADER (behind a proxy) or Host. The JSON API checks a change's Origin against it.
	 */
	origin: string | null;
	protocolHeader: string | null;
	hostHeader: string | null;
	/** A real install's first-run set-up code, when provisioning (or a test) fixes it; else a random one is printed. */
	setupCode: string | null;
	/** Where the photos' files go (PITWALL_PHOTO_DIR); default `<dataDir>/photos`. */
	photoDir: string | null;
	/** PostgreSQL instead of the SQLite file (PITWALL_DATABASE_URL, postgres://…): a dealer group's shared database. */
	databaseUrl: string | null;
	/**
	 * The header holding the client's address behind a proxy (ADDRESS_HEADER, e.g. x-real-ip or
	 * x-forwarded-for), and for x-forwarded-for how many proxies from the right (XFF_DEPTH): read
	 * as adapter-node reads them, so the API and the live sockets count per device as pages do.
	 */
	addressHeader: string | null;
	xffDepth: number;
}

/** The client's address: from ADDRESS_HEADER when set and present (as adapter-node), else the connection's. */
export function clientAddress(headers: Record<string, string | string[] | undefined>, connection: string | undefined, settings: Pick<Settings, 'addressHeader' | 'xffDepth'>): string {
	if (settings.addressHeader) {
		const raw = headers[settings.addressHeader];
		const value = (Array.isArray(raw) ? raw.join(',') : raw)?.trim();
		if (value) {
			if (settings.addressHeader !== 'x-forwarded-for') return value;
			const addresses = value.split(',').map((a) => a.trim()).filter(Boolean);
			const picked = addresses[addresses.length - Math.min(settings.xffDepth, addresses.length)];
			if (picked) return picked;
		}
	}
	return connection ?? 'unknown';
}

function bool(value: string | undefined, fallback: boolean): boolean {
	if (value === undefined || value === '') return fallback;
	return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

function demoStores(value: string | undefined): number {
	if (value === undefined || value === '') return 1;
	const n = Number(value);
	if (n !== 1 && n !== 2) throw new Error('PITWALL_DEMO_STORES must be 1 or 2');
	return n;
}

function setupCode(value: string | undefined): string | null {
	if (!value) return null;
	if (!/^[A-Za-z0-9_-]{8,64}$/.test(value)) throw new Error('PITWALL_SETUP_CODE must be 8 to 64 letters, digits, - or _');
	return value;
}

function databaseUrl(value: string | undefined): string | null {
	if (!value) return null;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new Error('PITWALL_DATABASE_URL must be a URL like postgres://user:password@host:5432/pitwall');
	}
	if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error(`PITWALL_DATABASE_URL must start with postgres://, got "${url.protocol}"`);
	return value;
}

export function readSettings(env: Record<string, string | undefined> = process.env): Settings {
	const port = Number(env.PORT ?? 3000);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
	const language = env.PITWALL_LANG ?? 'zh-CN';
	if (language !== 'zh-CN' && language !== 'en') throw new Error(`PITWALL_LANG must be zh-CN or en, got "${language}"`);
	const heartbeatSeconds = Number(env.PITWALL_HEARTBEAT_SECONDS ?? 5);
	if (!(heartbeatSeconds > 0)) throw new Error('PITWALL_HEARTBEAT_SECONDS must be a positive number');
	const dataDir = env.PITWALL_DATA_DIR ?? 'data';
	const simulate = Number(env.PITWALL_SIMULATE ?? 0);
	if (!(simulate >= 0 && simulate <= 3600)) throw new Error('PITWALL_SIMULATE must be a speed from 0 (off) to 3600');
	return {
		port,
		host: env.HOST ?? '0.0.0.0',
		dataDir: dataDir === ':memory:' ? dataDir : resolve(dataDir),
		language,
		demo: bool(env.PITWALL_DEMO, true),
		demoStores: demoStores(env.PITWALL_DEMO_STORES),
		heartbeatSeconds,
		simulate,
		origin: env.ORIGIN ? env.ORIGIN.replace(/\/$/, '') : null,
		protocolHeader: env.PROTOCOL_HEADER?.toLowerCase() || null,
		hostHeader: env.HOST_HEADER?.toLowerCase() || null,
		setupCode: setupCode(env.PITWALL_SETUP_CODE),
		photoDir: env.PITWALL_PHOTO_DIR ? resolve(env.PITWALL_PHOTO_DIR) : null,
		databaseUrl: databaseUrl(env.PITWALL_DATABASE_URL),
		addressHeader: env.ADDRESS_HEADER?.toLowerCase() || null,
		xffDepth: Math.max(1, Number(env.XFF_DEPTH ?? 1) || 1)
	};
}
