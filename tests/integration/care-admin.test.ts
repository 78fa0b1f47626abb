import { afterEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { sessionCookie, startServer } from './harness';

/** /admin's care section: the admin (care.manage, no calls) reads the store's tags and care settings; a technician may not. */

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

function status(url: string, path: string, cookie: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(`${url}${path}`, { headers: { cookie, origin: url } }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('care settings for the admin', () => {
	it('lets the admin read the tags and settings, not a technician', async () => {
		server = await startServer();
		const admin = await sessionCookie(server.app, 'admin');
		const technician = await sessionCookie(server.app, 'technician');
		expect(await status(server.url, '/api/v1/customer-tags', admin)).toBe(200);
		expect(await status(server.url, '/api/v1/care/settings', admin)).toBe(200);
		expect(await status(server.url, '/api/v1/customer-tags', technician)).toBe(403);
		expect(await status(server.url, '/api/v1/care/settings', technician)).toBe(403);
		// The care lists themselves stay with the people who call customers.
		expect(await status(server.url, '/api/v1/care', admin)).toBe(403);
	});
});
