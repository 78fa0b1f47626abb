import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http';
import { requireApiCaller } from '$lib/server/guards';

/** The standard-time catalogue, searched by code or by name in either language. */
export const GET: RequestHandler = (event) =>
	api(async () => {
		requireApiCaller(event);
		const app = await getApp();
		const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 40);
		let query = app.db
			.selectFrom('standard_times')
			.select(['code', 'name_zh as nameZh', 'name_en as nameEn', 'category', 'minutes_1 as minutes1', 'minutes_2 as minutes2'])
			.where('store_id', '=', app.storeId);
		if (q) {
			const like = `%${q.replace(/[%_]/g, '')}%`;
			query = query.where((eb) => eb.or([eb('code', 'like', like), eb('name_zh', 'like', like), eb('name_en', 'like', like)]));
		}
		return json({ items: await query.orderBy('category').orderBy('code').limit(q ? 20 : 500).execute() });
	});
