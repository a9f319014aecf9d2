/**
 * Document content: `POST /upload` (multipart, part `uploadedFile`) stores bytes under a handle; creating a DOCU or a
 * DOCV with that handle makes a document version that owns the bytes; `GET /document/download?ID=…[&versionID=…]`
 * answers them with the file name and type. Bytes live per store, in memory.
 */
import type { ServerResponse } from 'node:http';

import type { RequestContext } from './context';
import { ApiError, CLASS, illegalArgument, invalid, notFound } from './errors';
import type { Projection } from './fields';
import { projectRecord } from './fields';
import { first, type ParsedRequest } from './params';
import { objByCode, type ObjDef } from './schema';
import type { Store } from './store';
import { createRecord } from './writes';
import type { Rec } from './types';

interface Blob {
	bytes: Buffer;
	fileName: string;
	contentType: string;
}

interface DocumentContent {
	/** Uploaded, not yet used by a document version. */
	handles: Map<string, Blob>;
	/** Bytes of each document version, by DOCV ID. */
	versions: Map<string, Blob>;
}

/** Where DOCU.downloadURL points (relative to the instance origin). */
export const DOWNLOAD_PATH = '/document/download';

const contents = new WeakMap<Store, DocumentContent>();

function contentOf(store: Store): DocumentContent {
	let found = contents.get(store);
	if (!found) {
		found = { handles: new Map(), versions: new Map() };
		contents.set(store, found);
	}
	return found;
}

/** A response that is not a JSON envelope (file downloads). */
export class RawReply {
	constructor(
		readonly status: number,
		readonly headers: Record<string, string>,
		readonly body: Buffer,
	) {}

	write(res: ServerResponse): void {
		if (res.headersSent || res.destroyed) return;
		res.writeHead(this.status, { ...this.headers, 'Content-Length': this.body.length });
		res.end(this.body);
	}
}

// ---------- multipart ----------

interface Part {
	name: string;
	fileName?: string;
	contentType?: string;
	data: Buffer;
}

export function parseMultipart(contentType: string, body: Buffer): Part[] {
	const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	if (!match) throw illegalArgument('multipart/form-data without a boundary', 400);
	const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
	const parts: Part[] = [];
	let position = body.indexOf(delimiter);
	if (position < 0) throw illegalArgument('Malformed multipart body: no boundary found', 400);
	while (position >= 0) {
		let start = position + delimiter.length;
		if (body.subarray(start, start + 2).toString() === '--') break;
		if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
		const next = body.indexOf(delimiter, start);
		if (next < 0) throw illegalArgument('Malformed multipart body: missing closing boundary', 400);
		const chunk = body.subarray(start, next - 2); // the CRLF before the next delimiter belongs to it
		const split = chunk.indexOf('\r\n\r\n');
		if (split < 0) throw illegalArgument('Malformed multipart body: a part has no headers', 400);
		const headers = chunk.subarray(0, split).toString('utf8');
		const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
		const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
		const fileNameStar = /filename\*=(?:UTF-8'')?([^;\r\n]+)/i.exec(disposition)?.[1];
		const fileName = fileNameStar ? decodeURIComponent(fileNameStar.trim()) : /filename="([^"]*)"/i.exec(disposition)?.[1];
		const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
		parts.push({ name, fileName, contentType: type, data: Buffer.from(chunk.subarray(split + 4)) });
		position = next;
	}
	return parts;
}

// ---------- handlers ----------

/** `POST /upload`: keeps the file part `uploadedFile` and answers `{handle}`. */
export function handleUpload(req: ParsedRequest, ctx: RequestContext): unknown {
	if (req.method !== 'POST') throw new ApiError(400, CLASS.unsupported, `${req.method} /upload is not supported; POST a multipart/form-data body`);
	if (!req.multipart) throw illegalArgument('POST /upload needs a multipart/form-data body with the file in a part named uploadedFile', 400);
	const parts = parseMultipart(req.multipart.contentType, req.multipart.body);
	const file = parts.find((part) => part.name === 'uploadedFile');
	if (!file) {
		throw illegalArgument(`POST /upload: no part named uploadedFile (got ${parts.map((p) => p.name || '<unnamed>').join(', ') || 'none'})`, 400);
	}
	const handle = ctx.store.newId();
	contentOf(ctx.store).handles.set(handle, {
		bytes: file.data,
		fileName: file.fileName || 'upload',
		contentType: file.contentType || 'application/octet-stream',
	});
	return { handle };
}

function isPlainObject(value: unknown): value is Rec {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The upload behind a handle; it is consumed once the document (version) that uses it exists. */
function findHandle(ctx: RequestContext, handle: unknown): Blob {
	if (typeof handle !== 'string' || !handle) throw invalid('handle must be the string returned by POST /upload');
	const blob = contentOf(ctx.store).handles.get(handle);
	if (!blob) throw invalid(`handle ${handle} is unknown or was already used; upload the file again with POST /upload`);
	return blob;
}

function extension(fileName: string): string | null {
	const dot = fileName.lastIndexOf('.');
	return dot > 0 && dot < fileName.length - 1 ? fileName.slice(dot + 1).toLowerCase() : null;
}

function addVersion(ctx: RequestContext, document: Rec, blob: Blob | null, versionInput: Rec): Rec {
	const store = ctx.store;
	const existing = store.all('DOCV').filter((v) => v.documentID === document.ID).length;
	const fileName = typeof versionInput.fileName === 'string' && versionInput.fileName ? versionInput.fileName : (blob?.fileName ?? String(document.name));
	const version = createRecord(objByCode('DOCV')!, {
		documentID: document.ID,
		version: typeof versionInput.version === 'string' && versionInput.version ? versionInput.version : `v${existing + 1}.0`,
		fileName,
		ext: extension(fileName),
		docSize: blob ? blob.bytes.length : null,
	}, ctx);
	if (blob) contentOf(store).versions.set(version.ID as string, { ...blob, fileName });
	store.update('DOCU', document.ID as string, { currentVersionID: version.ID });
	return version;
}

function checkFolders(ctx: RequestContext, value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const ids = Array.isArray(value) ? value : String(value).split(',');
	const list = ids.map((id) => String(id).trim()).filter(Boolean);
	for (const id of list) if (!ctx.store.get('DOCFDR', id)) throw invalid(`folderIDs (Document): there is no Document Folder with ID ${id}`);
	// The emulator files a document in one folder: the first one given.
	return list[0];
}

/**
 * `POST /document` with `handle` (and optional `currentVersion:{version,fileName}`, `folderIDs`): creates the
 * DOCU and its first version, which owns the uploaded bytes. Without a handle it is a plain create.
 */
export function createDocument(def: ObjDef, input: unknown, ctx: RequestContext): Rec {
	if (!isPlainObject(input)) throw invalid('The updates for a Document must be a JSON object');
	const { handle, currentVersion, folderIDs, ...fields } = input;
	if (currentVersion !== undefined && !isPlainObject(currentVersion)) throw invalid('currentVersion (Document) must be an object such as {"version":"v1.0","fileName":"a.pdf"}');
	const blob = handle === undefined ? null : findHandle(ctx, handle);
	const saved = ctx.store.transaction(() => {
		const folderID = checkFolders(ctx, folderIDs);
		const document = createRecord(def, blob && fields.name === undefined ? { name: blob.fileName, ...fields } : fields, ctx);
		if (folderID) ctx.store.update('DOCU', document.ID as string, { folderID });
		if (blob || currentVersion) addVersion(ctx, document, blob, (currentVersion as Rec | undefined) ?? {});
		return ctx.store.get('DOCU', document.ID as string)!;
	});
	if (blob) contentOf(ctx.store).handles.delete(handle as string);
	return saved;
}

/** `POST /docv` with `documentID` and `handle`: a new version, which becomes the document's current version. */
export function createDocumentVersion(input: unknown, ctx: RequestContext): Rec {
	if (!isPlainObject(input)) throw invalid('The updates for a DocumentVersion must be a JSON object');
	const { handle, documentID, ...rest } = input;
	if (typeof documentID !== 'string') throw invalid('Missing required field(s) for DocumentVersion: documentID');
	const document = ctx.store.get('DOCU', documentID);
	if (!document) throw invalid(`documentID (DocumentVersion): there is no Document with ID ${documentID}`);
	const unknown = Object.keys(rest).filter((key) => key !== 'fileName' && key !== 'version');
	if (unknown.length) throw invalid(`A new document version takes documentID, handle, fileName and version; not ${unknown.join(', ')}`);
	const blob = handle === undefined ? null : findHandle(ctx, handle);
	const saved = ctx.store.transaction(() => {
		const version = addVersion(ctx, document, blob, rest);
		ctx.store.update('DOCU', documentID, { lastUpdateDate: version.entryDate, lastUpdatedByID: ctx.userId });
		return version;
	});
	if (blob) contentOf(ctx.store).handles.delete(handle as string);
	return saved;
}

/** Creates of DOCU and DOCV go through here when they carry upload fields. */
export function documentCreate(def: ObjDef, input: unknown, ctx: RequestContext, proj: Projection | null): Rec | undefined {
	if (!isPlainObject(input)) return undefined;
	if (def.objCode === 'DOCU' && ('handle' in input || 'currentVersion' in input || 'folderIDs' in input)) {
		return projectRecord(createDocument(def, input, ctx), def, proj, ctx);
	}
	if (def.objCode === 'DOCV' && 'handle' in input) return projectRecord(createDocumentVersion(input, ctx), def, proj, ctx);
	return undefined;
}

const MIME_TYPES: Record<string, string> = {
	pdf: 'application/pdf',
	txt: 'text/plain',
	csv: 'text/csv',
	json: 'application/json',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	zip: 'application/zip',
};

function contentDisposition(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * `GET /document/download?ID=<DOCU>[&versionID=<DOCV>]`: the bytes of the current (or given) version. Seeded
 * documents have no uploaded bytes; they answer a short text placeholder.
 */
export function handleDownload(req: ParsedRequest, ctx: RequestContext): RawReply {
	if (req.method !== 'GET') throw new ApiError(400, CLASS.unsupported, 'Download documents with GET');
	const id = first(req.params, 'ID') ?? first(req.params, 'id');
	if (!id) throw illegalArgument('GET /document/download needs ID=<document ID>', 400);
	const document = ctx.store.get('DOCU', id);
	if (!document) throw notFound(`Document with ID ${id} was not found`);
	const versionID = first(req.params, 'versionID') ?? (document.currentVersionID as string | undefined) ??
		ctx.store.all('DOCV').filter((v) => v.documentID === id).at(-1)?.ID as string | undefined;
	const version = versionID ? ctx.store.get('DOCV', versionID) : undefined;
	if (!version || version.documentID !== id) throw notFound(`Document ${id} has no version${versionID ? ` ${versionID}` : ''}`);
	const fileName = String(version.fileName ?? document.name ?? 'document');
	const blob = contentOf(ctx.store).versions.get(version.ID as string) ?? {
		bytes: Buffer.from(`Emulated content of ${fileName} (a seeded document without uploaded bytes)\n`, 'utf8'),
		fileName,
		contentType: 'text/plain',
	};
	const ext = extension(fileName);
	const type = blob.contentType !== 'application/octet-stream' ? blob.contentType : (ext && MIME_TYPES[ext]) || blob.contentType;
	return new RawReply(200, { 'Content-Type': type, 'Content-Disposition': contentDisposition(fileName) }, blob.bytes);
}

/** Bytes stored for a document version (tests). */
export function storedBytes(store: Store, versionID: string): Buffer | undefined {
	return contentOf(store).versions.get(versionID)?.bytes;
}
