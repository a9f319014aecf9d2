import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fieldsToReturn, IDS_REGEX, recordLocator, simplifyOption } from '../common.descriptions';
import { getFields, getObjCode, getRecordIds, maybeSimplify } from '../../helpers/records';
import { workfrontRequest, objectPath } from '../../transport';
import type { ItemOperation } from '../types';

const locator = recordLocator({
	description: 'The record to get. In "By ID" mode several comma-separated IDs are fetched in one request.',
});
locator.modes = locator.modes?.map((mode) =>
	mode.name === 'id'
		? {
				...mode,
				placeholder: 'e.g. 5f3c…e6f or several: 5f3c…e6f, 7a1b…c2d',
				validation: [{ type: 'regex', properties: { regex: IDS_REGEX, errorMessage: 'One or more Workfront IDs (32 hexadecimal characters), comma-separated' } }],
			}
		: mode,
);

const properties: INodeProperties[] = [locator, ...fieldsToReturn, simplifyOption];

export const get: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['get'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = getObjCode.call(this, itemIndex);
		const ids = getRecordIds.call(this, itemIndex);
		const fields = getFields.call(this, itemIndex);
		const data =
			ids.length === 1
				? await workfrontRequest.call(this, { method: 'GET', path: objectPath(objCode, ids[0]), qs: { fields }, itemIndex, objCode })
				: await workfrontRequest.call(this, { method: 'GET', path: objectPath(objCode), qs: { id: ids.join(','), fields }, itemIndex, objCode });
		const records = (Array.isArray(data) ? data : [data]) as IDataObject[];
		return maybeSimplify.call(this, itemIndex, records);
	},
};
