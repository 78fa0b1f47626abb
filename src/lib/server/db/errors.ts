/**
 * The database could not be reached or went away mid-statement: PostgreSQL restarting or down
 * (connection errors, class 08; admin shutdown and "cannot connect now", 57P01-57P03; the pool's
 * own timeout), or SQLite busy past its timeout. Nothing was committed (a transaction that loses
 * its connection is rolled back by the server), so the answer is 503 with a retry hint: the
 * client's retry with the same Idempotency-Key either does it or replays the first answer.
 */
export function databaseUnavailable(error: unknown): boolean {
	const e = error as { code?: unknown; message?: unknown } | null;
	const code = String(e?.code ?? '');
	const message = String(e?.message ?? '');
	if (/^08/.test(code) || code === '57P01' || code === '57P02' || code === '57P03') return true;
	if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT' || code === 'SQLITE_BUSY') return true;
	return /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable/i.test(message);
}

/** The URL without its password, for a message. */
export function redactUrl(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		for (const name of [...u.searchParams.keys()]) if (/pass|secret|key/i.test(name)) u.searchParams.set(name, '***');
		return u.toString();
	} catch {
		return '(an unreadable URL)';
	}
}
