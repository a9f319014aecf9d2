import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { encodeQuery, objectPath, workfrontRequest } from '../transport';

/**
 * A form body the way Workfront reads parameters: arrays and objects as JSON text (copy `options`, action
 * arguments such as `userIDs`), everything else as a string; `undefined` values are left out.
 */
export function formBody(params: IDataObject): string {
	const flat: IDataObject = {};
	for (const [key, value] of Object.entries(params)) {
		if (value === undefined) continue;
		flat[key] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
	}
	return encodeQuery(flat);
}

export interface FormWrite {
	/** The verb Workfront should apply; sent as POST with `method=<verb>` (what the official client does). */
	method: 'POST' | 'PUT';
	path: string;
	params: IDataObject;
	itemIndex: number;
	objCode?: string;
}

/**
 * A write whose parameters travel in a form body rather than the URL, so long arguments (JSON objects, ID lists)
 * never hit the CDN's URI limit. Never resent after an ambiguous failure (the transport's rule for writes).
 */
export async function formWrite(this: IExecuteFunctions, request: FormWrite): Promise<unknown> {
	const params = request.method === 'POST' ? request.params : { ...request.params, method: request.method };
	return await workfrontRequest.call(this, {
		method: 'POST',
		path: request.path,
		rawBody: formBody(params),
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		itemIndex: request.itemIndex,
		objCode: request.objCode,
		write: true,
	});
}

/** Runs an object action: `PUT /<obj>/<ID>/<action>` with its arguments. */
export async function executeAction(
	this: IExecuteFunctions,
	options: { objCode: string; id: string; action: string; args: IDataObject; itemIndex: number },
): Promise<unknown> {
	return await formWrite.call(this, {
		method: 'PUT',
		path: objectPath(options.objCode, options.id, encodeURIComponent(options.action)),
		params: options.args,
		itemIndex: options.itemIndex,
		objCode: options.objCode,
	});
}

/** A multipart/form-data body with one file part (built by hand: no runtime dependency). */
export function multipartBody(field: string, fileName: string, mimeType: string, data: Buffer): { body: Buffer; contentType: string } {
	const boundary = `----n8nWorkfront${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
	const safeName = fileName.replace(/[\r\n"]/g, '_');
	const head =
		`--${boundary}\r\n` +
		`Content-Disposition: form-data; name="${field}"; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(fileName)}\r\n` +
		`Content-Type: ${mimeType || 'application/octet-stream'}\r\n\r\n`;
	return {
		body: Buffer.concat([Buffer.from(head, 'utf8'), data, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
}

/** Reads a comma-separated or JSON-array list of IDs/names. */
export function splitList(raw: unknown): string[] {
	if (Array.isArray(raw)) return raw.map((value) => String(value).trim()).filter((value) => value !== '');
	const text = String(raw ?? '').trim();
	if (text === '') return [];
	if (text.startsWith('[')) {
		try {
			const parsed: unknown = JSON.parse(text);
			if (Array.isArray(parsed)) return parsed.map((value) => String(value).trim()).filter((value) => value !== '');
		} catch {
			// fall through to the comma form
		}
	}
	return text.split(',').map((value) => value.trim()).filter((value) => value !== '');
}
