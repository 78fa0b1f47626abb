import { defineModule } from '$lib/server/core/module';
import { photoRoutes } from './api';
import { photoRetention } from './retention';

/**
 * Photos on the job (issue 19): the walk-around at check-in and each finding's evidence, resized
 * and stripped of metadata on the server, served only to the order's store and its customer's
 * link, pruned after the store's retention. They travel on their order's live image (the
 * repair-orders view reads them), so every screen that shows the order converges with it.
 */
export const photos = defineModule({
	name: 'photos',
	entities: [],
	routes: photoRoutes,
	jobs: [photoRetention]
});
