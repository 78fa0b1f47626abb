import { getContext, setContext } from 'svelte';
import type { PhotoUploads } from '$lib/photos/uploads.svelte';

const KEY = Symbol('tech-uploads');

/**
 * The tablet's one photo queue (issue 19), owned by the /tech page: made in its onMount (browser
 * only), so its cards and sheets read it through a getter (null while the page renders on the server).
 */
export function provideUploads(get: () => PhotoUploads | null): void {
	setContext(KEY, get);
}

export function useUploads(): () => PhotoUploads | null {
	return getContext<(() => PhotoUploads | null) | undefined>(KEY) ?? (() => null);
}
