/** Workfront-style API errors and the classes/status codes the emulator uses for them. */

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly className: string,
		message: string,
		readonly msgKey = 'exception.attask',
	) {
		super(message);
	}

	toBody(): { error: Record<string, unknown> } {
		return {
			error: {
				class: this.className,
				message: this.message,
				title: null,
				msgKey: this.msgKey,
				attributes: [],
				code: 0,
			},
		};
	}
}

export const CLASS = {
	auth: 'com.attask.common.AuthenticationException',
	tooMany: 'com.attask.common.TooManyRequestsException',
	notFound: 'com.attask.common.NotFoundException',
	illegalArg: 'java.lang.IllegalArgumentException',
	invalidParam: 'com.attask.common.InvalidParameterException',
	unsupported: 'java.lang.UnsupportedOperationException',
	validation: 'com.attask.common.ValidationException',
	json: 'org.json.JSONException',
	version: 'com.attask.common.UnsupportedAPIVersionException',
} as const;

export const NOT_LOGGED_IN = 'You are not currently logged in.';

export function unauthorized(): ApiError {
	return new ApiError(401, CLASS.auth, NOT_LOGGED_IN);
}

export function tooManyRequests(): ApiError {
	return new ApiError(429, CLASS.tooMany, 'Too many concurrent API requests for the given customer.');
}

/** Unknown field in fields/filters/sort/updates: Workfront's own wording ("APIModel V19_0 does not support field x (Task)"). */
export function unknownField(apiVersion: string, field: string, objName: string): ApiError {
	return new ApiError(422, CLASS.illegalArg, `APIModel ${apiModel(apiVersion)} does not support field ${field} (${objName})`);
}

export function unknownQuery(apiVersion: string, query: string, objName: string): ApiError {
	return new ApiError(400, CLASS.illegalArg, `APIModel ${apiModel(apiVersion)} does not support query ${query} (${objName})`);
}

export function unknownAction(apiVersion: string, action: string, objName: string): ApiError {
	return new ApiError(400, CLASS.unsupported, `APIModel ${apiModel(apiVersion)} does not support action ${action} (${objName})`);
}

export function invalid(message: string): ApiError {
	return new ApiError(422, CLASS.invalidParam, message);
}

export function illegalArgument(message: string, status = 422): ApiError {
	return new ApiError(status, CLASS.illegalArg, message);
}

export function notFound(message: string): ApiError {
	return new ApiError(404, CLASS.notFound, message);
}

export function unsupported(message: string): ApiError {
	return new ApiError(400, CLASS.unsupported, message);
}

export function badJson(what: string, detail: string): ApiError {
	return new ApiError(400, CLASS.json, `Invalid JSON in ${what}: ${detail}`);
}

function apiModel(apiVersion: string): string {
	return 'V' + apiVersion.replace('.', '_');
}

/** Error shape of the /integrations/oauth2 service. */
export class OAuthError extends Error {
	constructor(
		readonly status: number,
		readonly type: string,
		message: string,
	) {
		super(message);
	}

	toBody(): { statusCode: number; error: true; type: string; message: string } {
		return { statusCode: this.status, error: true, type: this.type, message: this.message };
	}
}
