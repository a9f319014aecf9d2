import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import { WorkfrontInputError } from '../../credentials/workfront/baseUrl';

/** Any thrown value as an n8n error; input mistakes keep their advice. */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof WorkfrontInputError) return new NodeOperationError(node, error.message, { description: error.description });
	return new NodeApiError(node, error as JsonObject);
}

/** Sorted-key JSON, so equal settings give equal text. */
export function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const object = value as IDataObject;
		return `{${Object.keys(object)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${stableJson(object[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export function isDeepEqual(a: unknown, b: unknown): boolean {
	return stableJson(a ?? null) === stableJson(b ?? null);
}

const WORKFRONT_DATE = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:[:.](\d{1,3}))?)?)?\s*(Z|[+-]\d\d:?\d\d)?$/;

/** Epoch ms of a Workfront date (2026-03-02T09:00:00:000-0600), an ISO date, or a date-only value. */
export function parseWorkfrontDate(value: unknown): number | null {
	if (typeof value !== 'string') return null;
	const match = WORKFRONT_DATE.exec(value.trim());
	if (!match) {
		const parsed = Date.parse(value);
		return Number.isFinite(parsed) ? parsed : null;
	}
	const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', zone] = match;
	let utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms.padEnd(3, '0'));
	if (zone && zone !== 'Z') {
		const digits = zone.slice(1).replace(':', '');
		const offset = (+digits.slice(0, 2) * 60 + +digits.slice(2, 4)) * 60_000;
		utc -= (zone[0] === '-' ? -1 : 1) * offset;
	}
	return Number.isFinite(utc) ? utc : null;
}

/** Workfront's own date format in UTC: 2026-03-02T09:00:00:000-0000. */
export function formatWorkfrontDate(ms: number): string {
	const iso = new Date(ms).toISOString();
	return `${iso.slice(0, 19)}:${iso.slice(20, 23)}-0000`;
}
