import type { LayoutServerLoad } from './$types';
import { getApp } from '$lib/server/app';

/** Every screen shows times in the store's zone, from the store's settings: never one of the code's. */
export const load: LayoutServerLoad = async () => {
	const app = await getApp();
	return { timeZone: app.timeZone };
};
