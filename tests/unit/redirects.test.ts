import { describe, expect, it } from 'vitest';
import { sameOriginPath } from '$lib/server/core/redirects';

describe('sameOriginPath', () => {
	it('keeps a path on this site, with its query', () => {
		expect(sameOriginPath('/desk')).toBe('/desk');
		expect(sameOriginPath('/board/bays?lang=en#top')).toBe('/board/bays?lang=en#top');
		expect(sameOriginPath('/a/../desk')).toBe('/desk');
	});

	it('never sends the browser to another site', () => {
		for (const bad of [
			'//evil.example/',
			'//evil.example/?key=x',
			'/\\evil.example/phish',
			'/%5Cevil.example/phish',
			'\\\\evil.example',
			'https://evil.example/',
			'http:evil.example',
			'javascript:alert(1)',
			'evil.example',
			'/\tevil',
			'///evil.example',
			''
		]) {
			const out = sameOriginPath(bad);
			expect(out.startsWith('/'), bad).toBe(true);
			expect(out.startsWith('//'), bad).toBe(false);
			expect(new URL(out, 'http://pitwall.local').host, bad).toBe('pitwall.local');
		}
		expect(sameOriginPath('//evil.example/', '/signin')).toBe('/signin');
	});
});
