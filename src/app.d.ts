// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Principal } from '$lib/server/features/access/principal';
import type { DeviceKind } from '$lib/domain/signin';

declare global {
	namespace App {
		interface Error {
			message: string;
			field?: string;
		}
		interface Locals {
			/** Who is asking, or null: decided once per request in hooks.server.ts. */
			principal: Principal | null;
			/** This browser's device id and kind (a long-lived cookie set at sign-in). */
			device: { id: string; kind: DeviceKind } | null;
		}
	}
}

export {};
