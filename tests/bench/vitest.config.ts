import { defineConfig } from 'vitest/config';
import base from '../../vite.config';

/** Measurements that need the app's modules (aliases, migrations) but are not tests: `npm run measure:year`. */
export default defineConfig({
	...base,
	test: { ...base.test, include: ['tests/bench/**/*.measure.ts'], testTimeout: 60 * 60_000, reporters: ['verbose'] }
});
