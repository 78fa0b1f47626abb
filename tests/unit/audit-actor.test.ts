import { describe, expect, it } from 'vitest';
import { actionText, actorText, changes } from '$lib/components/admin/audit';

describe("the audit trail's who", () => {
	it("names Pitwall's own jobs in the screen's language, and people as they are", () => {
		expect(actorText({ actor: 'Pitwall overdue watch', actorKind: 'system' })).toBe('超时监视');
		expect(actorText({ actor: 'Pitwall call watch', actorKind: 'system' })).toBe('呼叫监视');
		expect(actorText({ actor: 'First-run set-up', actorKind: 'system' })).toBe('首次设置');
		// Pitwall itself: its kind ("系统") says it all.
		expect(actorText({ actor: 'Pitwall', actorKind: 'system' })).toBe('');
		expect(actorText({ actor: 'nightly import', actorKind: 'system' })).toBe('nightly import');
		// A person is never renamed, whatever they are called.
		expect(actorText({ actor: '王芳', actorKind: 'user' })).toBe('王芳');
		expect(actorText({ actor: 'Pitwall call watch', actorKind: 'user' })).toBe('Pitwall call watch');
	});

	it('says an import, a delivery time and a follow-up outcome in words, and leaves out the bay id beside the bay', () => {
		expect(actionText('repairOrder.imported')).toBe('工单 · 导入');
		expect(changes(JSON.stringify({ from: 'delivered', to: 'followed_up', outcome: 'satisfied', bayId: 3 })).map((c) => c.label)).not.toContain('bayId');
		expect(changes(JSON.stringify({ outcome: 'satisfied' }))).toEqual([{ label: '结果', value: '满意' }]);
		expect(changes(JSON.stringify({ deliveredAt: 0 }))[0].label).toBe('交车时间');
	});
});
