import {
	NodeApiError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { WorkfrontInputError } from '../../../../credentials/workfront/baseUrl';
import { fieldsToReturn, simplifyOption } from '../common.descriptions';
import { buildRecord, getFields, getObjCode, maybeSimplify } from '../../helpers/records';
import { parseIds } from '../../helpers/values';
import { workfrontRequest, objectPath } from '../../transport';
import type { ChunkOperation, ItemResult } from '../types';
import { customFormsOption, writeInputs } from './shared';

export const MAX_BULK = 100;

function bulkProperties(operation: 'bulkCreate' | 'bulkUpdate'): INodeProperties[] {
	const properties: INodeProperties[] = [];
	if (operation === 'bulkUpdate') {
		properties.push({
			displayName: 'Record ID',
			name: 'updateId',
			type: 'string',
			default: '={{ $json.ID }}',
			required: true,
			description: 'ID of the record each input item updates (32 hexadecimal characters)',
		});
	}
	properties.push(...writeInputs([operation], operation === 'bulkCreate'), {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_BULK },
				default: MAX_BULK,
				description: 'Input items sent per Workfront request (Workfront accepts at most 100)',
			},
			{
				displayName: 'Atomic',
				name: 'atomic',
				type: 'boolean',
				default: false,
				description:
					'Whether each request is all-or-nothing: if one item fails, none of its batch is written. Workfront then answers only "success", so the output holds your input fields, not the stored records.',
			},
			...(operation === 'bulkCreate' ? [customFormsOption()] : []),
		],
	});
	properties.push(...fieldsToReturn, simplifyOption);
	return updateDisplayOptions({ show: { resource: ['record'], operation: [operation] } }, properties);
}

function chunkFailure(this: IExecuteFunctions, error: unknown, size: number, atomic: boolean, itemIndex: number): Error {
	const base = error instanceof Error ? error : new Error(String(error));
	const message = `${base.message} (in a bulk request of ${size} item${size === 1 ? '' : 's'})`;
	const description = atomic
		? 'The request was atomic, so nothing of this batch was written. Fix the failing item and run the batch again.'
		: 'Workfront stops a non-atomic bulk request at the first failing item: items before it in this batch may have been written, the rest were not. The request was not resent. Check the batch in Workfront, or enable Atomic to make each batch all-or-nothing.';
	const httpCode = (base as NodeApiError).httpCode ?? undefined;
	return new NodeApiError(this.getNode(), { message, description, httpCode: httpCode ?? null }, { message, description, itemIndex, httpCode: httpCode ?? undefined });
}

function makeBulk(operation: 'bulkCreate' | 'bulkUpdate'): ChunkOperation {
	const forUpdate = operation === 'bulkUpdate';
	return {
		kind: 'chunk',
		description: bulkProperties(operation),
		chunkSize(this: IExecuteFunctions) {
			const size = Number(this.getNodeParameter('options.batchSize', 0, MAX_BULK));
			if (!Number.isInteger(size) || size < 1 || size > MAX_BULK) {
				throw new WorkfrontInputError(`Batch Size must be a whole number from 1 to ${MAX_BULK}`, `Workfront accepts at most ${MAX_BULK} records per bulk request.`);
			}
			return size;
		},
		async execute(this: IExecuteFunctions, itemIndexes: number[]) {
			const results: Array<ItemResult | Error> = new Array(itemIndexes.length);
			const first = itemIndexes[0];
			const objCode = getObjCode.call(this, first);
			const atomic = this.getNodeParameter('options.atomic', first, false) as boolean;
			// Build every item's record first; an item with bad input fails alone and is not sent.
			const batch: Array<{ position: number; record: IDataObject }> = [];
			for (const [position, itemIndex] of itemIndexes.entries()) {
				try {
					if (getObjCode.call(this, itemIndex) !== objCode) {
						throw new WorkfrontInputError('Object Type must be the same for every item of a bulk request', `The first item of this batch uses ${objCode}.`);
					}
					const record = await buildRecord.call(this, itemIndex, objCode, { forUpdate });
					if (forUpdate) {
						delete record.__attachForms;
						const [id, ...more] = parseIds(this.getNodeParameter('updateId', itemIndex, ''), 'Record ID');
						if (more.length > 0) throw new WorkfrontInputError('Record ID: give one ID per item', 'Each input item updates one record.');
						batch.push({ position, record: { ID: id, ...record } });
					} else {
						batch.push({ position, record });
					}
				} catch (error) {
					results[position] = error as Error;
				}
			}
			if (batch.length === 0) return results;
			const fields = getFields.call(this, first);
			let data: unknown;
			try {
				data = await workfrontRequest.call(this, {
					method: forUpdate ? 'PUT' : 'POST',
					path: objectPath(objCode),
					qs: { ...(atomic ? { atomic: true } : {}), ...(fields && !atomic ? { fields } : {}) },
					body: batch.map((entry) => entry.record),
					itemIndex: itemIndexes[batch[0].position],
					objCode,
				});
			} catch (error) {
				for (const entry of batch) results[entry.position] = chunkFailure.call(this, error, batch.length, atomic, itemIndexes[entry.position]);
				return results;
			}
			const rows = Array.isArray(data) ? (data as IDataObject[]) : undefined;
			batch.forEach((entry, index) => {
				const itemIndex = itemIndexes[entry.position];
				if (atomic) {
					results[entry.position] = { ...entry.record, success: true };
				} else if (rows && rows.length === batch.length) {
					results[entry.position] = maybeSimplify.call(this, itemIndex, [rows[index]]);
				} else {
					results[entry.position] = new NodeApiError(this.getNode(), { message: 'Workfront answered the bulk request in an unexpected shape' }, { itemIndex, description: 'The request was not resent. Check the records in Workfront.' });
				}
			});
			return results;
		},
	};
}

export const bulkCreate = makeBulk('bulkCreate');
export const bulkUpdate = makeBulk('bulkUpdate');
