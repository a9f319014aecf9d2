import type { IDataObject } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { parseJsonParameter } from '../../helpers/values';

/** Parameters the credential owns: never taken from user input. */
const AUTH_PARAMS = /^(sessionid|apikey|username|password)$/i;

/** Query parameters from a query string (a=1&b=2) or a JSON object; authentication parameters are refused. */
export function parseQuery(raw: unknown, label: string): IDataObject {
	let query: IDataObject = {};
	if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
		query = { ...(raw as IDataObject) };
	} else {
		const text = typeof raw === 'string' ? raw.trim() : '';
		if (text.startsWith('{')) {
			query = parseJsonParameter<IDataObject>(text, label, 'object');
		} else if (text !== '') {
			const params = new URLSearchParams(text.replace(/^\?/, ''));
			for (const key of new Set(params.keys())) {
				const values = params.getAll(key);
				query[key] = values.length === 1 ? values[0] : values;
			}
		}
	}
	for (const key of Object.keys(query)) {
		if (key === '') throw new WorkfrontInputError(`${label} has a parameter without a name`, 'Write it like status=CUR&fields=name, or as a JSON object.');
		if (AUTH_PARAMS.test(key)) throw new WorkfrontInputError(`${label} must not set "${key}"`, 'The node authenticates with the credential; remove the parameter.');
	}
	return query;
}
