import { describe, expect, it } from 'vitest';
import { clientAddress, readSettings } from '$lib/server/settings';

/** Behind nginx every connection comes from nginx: the counters of bad links and wrong PINs must count per device. */
describe('the client address behind a proxy', () => {
	it('is the connection’s without ADDRESS_HEADER, or when the header is missing', () => {
		const none = readSettings({});
		expect(clientAddress({ 'x-real-ip': '10.0.0.7' }, '127.0.0.1', none)).toBe('127.0.0.1');
		expect(clientAddress({}, '127.0.0.1', readSettings({ ADDRESS_HEADER: 'X-Real-IP' }))).toBe('127.0.0.1');
		expect(clientAddress({}, undefined, none)).toBe('unknown');
	});
	it('reads ADDRESS_HEADER as adapter-node does: X-Real-IP as is, X-Forwarded-For from the right by XFF_DEPTH', () => {
		expect(clientAddress({ 'x-real-ip': '10.0.0.7' }, '127.0.0.1', readSettings({ ADDRESS_HEADER: 'X-Real-IP' }))).toBe('10.0.0.7');
		const xff = { 'x-forwarded-for': '203.0.113.9, 10.0.0.7, 10.0.0.1' };
		expect(clientAddress(xff, '127.0.0.1', readSettings({ ADDRESS_HEADER: 'x-forwarded-for' }))).toBe('10.0.0.1');
		expect(clientAddress(xff, '127.0.0.1', readSettings({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '2' }))).toBe('10.0.0.7');
		expect(clientAddress(xff, '127.0.0.1', readSettings({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '9' }))).toBe('203.0.113.9');
	});
});
