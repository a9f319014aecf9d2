import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { recordLocator } from '../common.descriptions';
import { getObjCode, getRecordIds } from '../../helpers/records';
import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { workfrontRequest, objectPath } from '../../transport';
import type { ItemOperation } from '../types';

const properties: INodeProperties[] = [
	recordLocator({ description: 'The record to delete: pick it, give its ID, or paste its Workfront URL' }),
	{
		displayName: 'Force',
		name: 'force',
		type: 'boolean',
		default: false,
		description: 'Whether to also delete the data that depends on the record (e.g. a project\'s tasks, issues and hours). Without it Workfront refuses to delete such records.',
	},
];

export const deleteRecord: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['delete'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = getObjCode.call(this, itemIndex);
		const [id, ...more] = getRecordIds.call(this, itemIndex);
		if (more.length > 0) throw new WorkfrontInputError('Record: give one ID to delete', 'Delete one record per input item.');
		const force = this.getNodeParameter('force', itemIndex, false) as boolean;
		await workfrontRequest.call(this, {
			method: 'DELETE',
			path: objectPath(objCode, id),
			qs: force ? { force: true } : {},
			itemIndex,
			objCode,
		});
		return { ID: id, objCode, deleted: true };
	},
};
