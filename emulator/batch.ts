/**
 * `POST /batch` (form: repeated `uri=<path?query>`, `atomic`, `concurrent`): runs each URI as its own API call with
 * the caller's session. Atomic: one transaction, `{success:true}` or the first error with nothing applied.
 * Not atomic: every call runs, in order; each answers its own `{data}` or `{error}` envelope.
 */
import type { RequestContext } from './context';
import { ApiError, illegalArgument, unsupported } from './errors';
import { first, parseRequest, type ParsedRequest } from './params';

/** How many URIs one batch may hold (the emulator's own limit; Workfront's is unknown). */
export const MAX_BATCH = 100;

type Dispatch = (req: ParsedRequest, segments: string[]) => unknown;

interface BatchCall {
	req: ParsedRequest;
	segments: string[];
}

/** `task/search?status=CUR&method=GET` (optionally with a leading `/` or `/attask/api/v<N>/`) → a parsed request. */
export function parseBatchUri(uri: string, index: number): BatchCall {
	const trimmed = uri.trim();
	if (trimmed === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
		throw illegalArgument(`batch uri #${index + 1} must be a path relative to the API, such as task/search?status=CUR (got "${trimmed}")`, 400);
	}
	const url = new URL(trimmed.replace(/^\/+/, '/').replace(/^(?!\/)/, '/'), 'http://batch.local');
	const path = url.pathname.replace(/^\/attask\/api\/(v\d+\.\d+\/)?/i, '/');
	const segments = path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
	const method = (url.searchParams.get('method') ?? 'GET').toUpperCase();
	if (segments[0]?.toLowerCase() === 'batch') throw unsupported('A batch cannot contain another batch');
	return { req: parseRequest(method, url, '', Buffer.alloc(0)), segments };
}

export function handleBatch(req: ParsedRequest, ctx: RequestContext, dispatch: Dispatch): unknown {
	if (req.method !== 'POST') throw unsupported(`${req.method} /batch is not supported; POST a form with uri=… parameters`);
	const uris = req.params.get('uri') ?? [];
	if (!uris.length) throw illegalArgument('POST /batch needs at least one uri parameter', 400);
	if (uris.length > MAX_BATCH) throw illegalArgument(`A batch holds at most ${MAX_BATCH} calls; got ${uris.length}`);
	const calls = uris.map((uri, index) => parseBatchUri(uri, index));
	if (first(req.params, 'atomic') === 'true') {
		ctx.store.transaction(() => {
			for (const call of calls) dispatch(call.req, call.segments);
		});
		return { success: true };
	}
	return calls.map((call) => {
		try {
			return { data: dispatch(call.req, call.segments) };
		} catch (e) {
			if (e instanceof ApiError) return e.toBody();
			throw e;
		}
	});
}
