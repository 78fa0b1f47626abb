import type { Generated } from 'kysely';

/**
 * Customers and their cars (issue 18: a feature of their own): who brings which car, the odometer
 * the shop last read, the car's sale (its first and second services count from it). The repair
 * orders, customer care and the parts room's special orders read and write them through
 * `./repository`.
 */
export interface CustomersTable {
	id: Generated<number>;
	store_id: number;
	name: string;
	phone: string;
	tags: Generated<string>;
	created_at: number;
	/** When the phone was last corrected (customer care lists a wrong number again after it). */
	phone_changed_at: number | null;
}

export interface VehiclesTable {
	id: Generated<number>;
	store_id: number;
	customer_id: number;
	plate: string;
	vin: string | null;
	model: string;
	colour: string | null;
	/** The highest odometer reading the shop has seen (km): a check for the next check-in. */
	last_mileage: number | null;
	/** Sold on (store day) and at (km): the first and second services count from these (customer care). */
	sale_day: string | null;
	sale_mileage: number | null;
}

export interface CustomerTables {
	customers: CustomersTable;
	vehicles: VehiclesTable;
}
