import { test as base } from '@playwright/test';

export * from '@playwright/test';

/**
 * Playwright's `test`, with one addition: the browser contexts a test opens itself
 * (`browser.newContext()`, for a second person or a wall screen) are closed when it ends. The
 * browser lives for the whole run, and a context left open keeps its live boards ticking, their
 * sockets open and their renderers busy through every later test: on CI's two cores the run slowed
 * with each test added.
 */
export const test = base.extend<{ closeOwnContexts: void }>({
	closeOwnContexts: [
		async ({ browser }, use) => {
			const before = new Set(browser.contexts());
			await use();
			await Promise.all(browser.contexts().filter((c) => !before.has(c)).map((c) => c.close().catch(() => undefined)));
		},
		{ auto: true }
	]
});
