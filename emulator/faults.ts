/** Scriptable fault injection for /attask/* requests. */
import type { FaultAction, FaultRule } from './types';

interface ActiveRule {
	rule: FaultRule;
	re: RegExp | null;
	skip: number;
	times: number;
}

const ACTION_TYPES = new Set(['status', 'reset', 'delay', 'malformed', 'errorIn200', 'expireSession']);

export function validateFaultRule(value: unknown): FaultRule {
	if (typeof value !== 'object' || value === null) throw new Error('fault rule must be an object');
	const rule = value as FaultRule;
	if (!rule.action || !ACTION_TYPES.has(rule.action.type)) throw new Error(`fault rule needs action.type in ${[...ACTION_TYPES].join(', ')}`);
	if (rule.action.type === 'status' && !Number.isInteger(rule.action.status)) throw new Error('status action needs an integer status');
	if (rule.action.type === 'delay' && !(typeof rule.action.ms === 'number' && rule.action.ms >= 0)) throw new Error('delay action needs ms >= 0');
	if (rule.path !== undefined) new RegExp(rule.path);
	return rule;
}

export class FaultEngine {
	private rules: ActiveRule[] = [];

	add(rule: FaultRule): void {
		const r = validateFaultRule(rule);
		this.rules.push({ rule: r, re: r.path ? new RegExp(r.path) : null, skip: r.skip ?? 0, times: r.times ?? 1 });
	}

	clear(): void {
		this.rules = [];
	}

	get size(): number {
		return this.rules.length;
	}

	/** The action of the first rule matching this request (consuming one use), if any. */
	take(method: string, pathname: string): FaultAction | undefined {
		for (const active of this.rules) {
			if (active.rule.method && active.rule.method.toUpperCase() !== method.toUpperCase()) continue;
			if (active.re && !active.re.test(pathname)) continue;
			if (active.skip > 0) {
				active.skip--;
				continue;
			}
			active.times--;
			if (active.times <= 0) this.rules = this.rules.filter((r) => r !== active);
			return active.rule.action;
		}
		return undefined;
	}
}
