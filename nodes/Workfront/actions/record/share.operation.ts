import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { recordLocator } from '../common.descriptions';
import { getObjCode, getRecordIds } from '../../helpers/records';
import { executeAction } from '../../helpers/requests';
import { isWorkfrontId } from '../../helpers/values';
import { objectPath, workfrontRequest } from '../../transport';
import type { ItemOperation } from '../types';

const properties: INodeProperties[] = [
	recordLocator({ description: 'The record to share or stop sharing: pick it, give its ID, or paste its Workfront URL' }),
	{
		displayName: 'Share Action',
		name: 'shareAction',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Grant Access', value: 'share', description: 'Share the record (or change the access level of an existing share)' },
			{ name: 'Revoke Access', value: 'unshare', description: 'Remove the accessor\'s share of the record' },
		],
		default: 'share',
	},
	{
		displayName: 'Accessor Type',
		name: 'accessorObjCode',
		type: 'options',
		options: [
			{ name: 'Company', value: 'CMPY' },
			{ name: 'Group', value: 'GROUP' },
			{ name: 'Job Role', value: 'ROLE' },
			{ name: 'Team', value: 'TEAMOB' },
			{ name: 'User', value: 'USER' },
		],
		default: 'USER',
		description: 'Who gets (or loses) access',
	},
	{
		displayName: 'Accessor ID',
		name: 'accessorId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5f3c1d7e9a2b4c6d8e0f1a2b3c4d5e6f',
		description: 'ID of the user, team, group, job role or company',
	},
	{
		displayName: 'Access Level',
		name: 'coreAction',
		type: 'options',
		options: [
			{ name: 'View', value: 'VIEW' },
			{ name: 'Contribute', value: 'LIMITED_EDIT' },
			{ name: 'Manage', value: 'EDIT' },
		],
		default: 'VIEW',
		displayOptions: { show: { shareAction: ['share'] } },
		description: 'Workfront\'s core action of the access rule. Can also be set by expression to another value Workfront accepts.',
	},
];

export const share: ItemOperation = {
	kind: 'item',
	description: updateDisplayOptions({ show: { resource: ['record'], operation: ['share'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const objCode = getObjCode.call(this, itemIndex);
		const [id, ...more] = getRecordIds.call(this, itemIndex);
		if (more.length > 0) throw new WorkfrontInputError('Record: give one ID to share', 'Share one record per input item.');
		const action = this.getNodeParameter('shareAction', itemIndex) as 'share' | 'unshare';
		const accessorID = String(this.getNodeParameter('accessorId', itemIndex, '') ?? '').trim();
		if (!isWorkfrontId(accessorID)) {
			throw new WorkfrontInputError(
				accessorID === '' ? 'Accessor ID is empty' : `Accessor ID "${accessorID}" is not a Workfront ID`,
				'Give the ID (32 hexadecimal characters) of the user, team, group, job role or company.',
			);
		}
		const accessorObjCode = this.getNodeParameter('accessorObjCode', itemIndex, 'USER') as string;
		const args: IDataObject = { accessorID, accessorObjCode };
		if (action === 'share') args.coreAction = this.getNodeParameter('coreAction', itemIndex, 'VIEW') as string;
		await executeAction.call(this, { objCode, id, action, args, itemIndex });
		const record = (await workfrontRequest.call(this, {
			method: 'GET',
			path: objectPath(objCode, id),
			qs: { fields: 'accessRules:accessorID,accessRules:accessorObjCode,accessRules:coreAction' },
			itemIndex,
			objCode,
		})) as IDataObject;
		return { ID: id, objCode, shareAction: action, accessorID, accessorObjCode, accessRules: (record.accessRules ?? []) as IDataObject[] };
	},
};
