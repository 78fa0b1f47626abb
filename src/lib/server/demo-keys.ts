import { createHmac } from 'node:crypto';

/**
 * The demo's pre-paired screens and its API token use keys derived from a secret kept in the
 * database (meta.demo_secret), so the links `npm start` prints survive restarts and nothing
 * guessable is built in. No aliases here: the end-to-end tests import this file directly.
 */
export function demoKey(secret: string, purpose: string): string {
	return createHmac('sha256', secret).update(purpose).digest('base64url');
}

export const demoTokenPurpose = 'token:demo-dms';
export const demoDisplayPurpose = (id: number) => `display:${id}`;
export const demoTokenSecret = (secret: string) => `pw_demo_${demoKey(secret, demoTokenPurpose)}`;
