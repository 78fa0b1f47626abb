/**
 * The next service, suggested at delivery from the odometer at check-in: routine maintenance every
 * 5,000 km (the interval the notes' stores use), rounded up to a whole thousand, as the sticker on
 * the windscreen says it.
 */
export const SERVICE_INTERVAL_KM = 5000;

export function suggestNextServiceMileage(mileage: number | null, intervalKm = SERVICE_INTERVAL_KM): number | null {
	if (mileage === null || !Number.isFinite(mileage) || mileage < 0) return null;
	return Math.ceil((mileage + intervalKm) / 1000) * 1000;
}
