import { m } from '$lib/paraglide/messages';
import type { ZoneKind } from './api';

/** The parts room's words on /admin that depend on a code. */
export const zoneKindName: Record<ZoneKind, () => string> = {
	common: m.pa_zone_kind_common,
	sheet_metal: m.pa_zone_kind_sheet_metal,
	fluids: m.pa_zone_kind_fluids,
	other: m.pa_zone_kind_other
};
