import { defineModule } from '$lib/server/core/module';
import { storeRoutes } from './api';

/** The store's own settings: names, calendar, labour rate, default language. */
export const store = defineModule({ name: 'store', entities: [], routes: storeRoutes });
