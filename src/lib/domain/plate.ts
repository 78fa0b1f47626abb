/** Chinese licence plates: province, city letter, then 5 characters (6 for new-energy cars). */
const provinces = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const platePattern = new RegExp(`^([${provinces}])([A-HJ-NP-Z])[·.\\s-]?([A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳])$`);

/** '粤b d12345' → '粤B·D12345', or null when it is not a plate. */
export function normalizePlate(input: string): string | null {
	const m = platePattern.exec(input.trim().toUpperCase());
	return m ? `${m[1]}${m[2]}·${m[3]}` : null;
}
