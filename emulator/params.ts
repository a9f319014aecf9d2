/**
 * Request parameters: query string, form body and JSON body merged into one multi-valued bag,
 * plus the effective method (`method=` override) and the `updates` payload.
 */
import { badJson } from './errors';

export type ParamBag = Map<string, string[]>;

export interface ParsedRequest {
	method: string;
	params: ParamBag;
	/** Parsed `updates`: from the `updates` param or a JSON body. */
	updates?: unknown;
	/** A multipart body, left unparsed (uploads). */
	multipart?: { contentType: string; body: Buffer };
}

export function addParam(bag: ParamBag, key: string, value: string): void {
	const list = bag.get(key);
	if (list) list.push(value);
	else bag.set(key, [value]);
}

export function first(bag: ParamBag, key: string): string | undefined {
	return bag.get(key)?.[0];
}

export function searchParamsToBag(sp: URLSearchParams, bag: ParamBag = new Map()): ParamBag {
	for (const [k, v] of sp) addParam(bag, k, v);
	return bag;
}

export function bagToRecord(bag: ParamBag): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [k, v] of bag) out[k] = v.length === 1 ? v[0] : [...v];
	return out;
}

function isForm(contentType: string): boolean {
	return contentType.includes('application/x-www-form-urlencoded');
}

function isJson(contentType: string): boolean {
	return contentType.includes('json');
}

/** Merge query string and body into a ParsedRequest. */
export function parseRequest(httpMethod: string, url: URL, contentType: string, body: Buffer): ParsedRequest {
	const params = searchParamsToBag(url.searchParams);
	if (contentType.includes('multipart/form-data')) {
		return { method: (first(params, 'method') ?? httpMethod).toUpperCase(), params, multipart: { contentType, body } };
	}
	let jsonBody: unknown;
	const text = body.length > 0 ? body.toString('utf8') : '';
	if (text.trim()) {
		if (isJson(contentType) || (!isForm(contentType) && /^\s*[[{]/.test(text))) {
			try {
				jsonBody = JSON.parse(text);
			} catch (e) {
				throw badJson('request body', (e as Error).message);
			}
		} else {
			searchParamsToBag(new URLSearchParams(text), params);
		}
	}
	const override = first(params, 'method');
	const method = (override ?? httpMethod).toUpperCase();
	let updates: unknown;
	const updatesParam = first(params, 'updates');
	if (updatesParam !== undefined) {
		try {
			updates = JSON.parse(updatesParam);
		} catch (e) {
			throw badJson('updates', (e as Error).message);
		}
	} else if (jsonBody !== undefined && (method === 'POST' || method === 'PUT') && typeof jsonBody === 'object' && jsonBody !== null) {
		updates = jsonBody;
	}
	return { method, params, updates };
}
