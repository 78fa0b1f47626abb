import { createHash, randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;

/** A random secret of `bytes` bytes (default 32: 256 bits), URL-safe. */
export function randomToken(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

/** Secrets with 128+ bits of entropy need no salt or stretching: a plain SHA-256 is the lookup key. */
export function sha256(value: string): string {
	return createHash('sha256').update(value).digest('hex');
}

const N = 16384;
const r = 8;
const p = 1;

/** PINs are short, so they are salted and stretched (scrypt). */
export async function hashPin(pin: string): Promise<string> {
	const salt = randomBytes(16);
	const hash = await scrypt(pin, salt, 32, { N, r, p });
	return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
	const [kind, n, rr, pp, salt, hash] = stored.split('$');
	if (kind !== 'scrypt') return false;
	const expected = Buffer.from(hash, 'base64url');
	const actual = await scrypt(pin, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(rr), p: Number(pp) });
	return timingSafeEqual(actual, expected);
}

const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L: read off a TV across a room

/** A short pairing code such as `K7QX-M3TD` (8 characters, ~40 bits), shown on a TV for 10 minutes. */
export function pairingCode(): string {
	const chars = Array.from({ length: 8 }, () => codeAlphabet[randomInt(codeAlphabet.length)]);
	return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** What a person typed for a pairing code, normalised: case, spaces and the dash do not matter. */
export function normaliseCode(input: string): string {
	const clean = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
	return clean.length === 8 ? `${clean.slice(0, 4)}-${clean.slice(4)}` : clean;
}
