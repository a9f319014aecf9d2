import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { fieldsToReturn, rawFilter, simplifyOption } from '../common.descriptions';
import { getFields, getObjCode, maybeSimplify } from '../../helpers/records';
import { parseRawFilter } from '../../helpers/query';
import { workfrontRequest, objectPath } from '../../transport';
import type { ItemOperation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Query Name',
		name: 'queryName',
		type: 'string',
		default: 'myWork',
		required: true,
		placeholder: 'e.g. myWork',
		description: 'Name of the named query of the object type, e.g. myWork on WORK (the API user\'s open tasks and issues)',
	},
	{ ...rawFilter, displayName: 'Query Parameters', description: 'Extra parameters of the query as a query string (groupID=…&includeHidden=true) or JSON' },
	...fieldsToReturn,
	simplifyOption,
];

export const namedQuery: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['namedQuery'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = getObjCode.call(this, itemIndex);
		const queryName = String(this.getNodeParameter('queryName', itemIndex, '')).trim();
		if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(queryName)) {
			throw new WorkfrontInputError(`Query Name "${queryName}" is not a query name`, 'Use the name of a Workfront named query, e.g. myWork.');
		}
		const raw = parseRawFilter(this.getNodeParameter('rawFilter', itemIndex, ''));
		const qs: IDataObject = raw.filters && typeof raw.filters === 'object' ? { ...(raw.filters as IDataObject) } : raw;
		const fields = getFields.call(this, itemIndex);
		if (fields) qs.fields = fields;
		const data = await workfrontRequest.call(this, { method: 'GET', path: objectPath(objCode, queryName), qs, itemIndex, objCode });
		const rows = (Array.isArray(data) ? data : data === undefined || data === null ? [] : [data]) as IDataObject[];
		return maybeSimplify.call(this, itemIndex, rows);
	},
};
