import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getCustomFields, getObjectMetadata, type ObjectMetadata } from '../helpers/metadata';
import { workfrontRequest } from '../transport';

function currentObjCode(context: ILoadOptionsFunctions): string {
	const value = context.getCurrentNodeParameter('objCode', { extractValue: true });
	return String(value ?? '').trim() || 'PROJ';
}

function fieldOptions(metadata: ObjectMetadata, keep: (flags: string[]) => boolean): INodePropertyOptions[] {
	return Object.values(metadata.fields)
		.filter((field) => keep(field.flags))
		.map((field) => ({ name: `${field.label} (${field.name})`, value: field.name, description: field.fieldType }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

async function customFieldOptions(context: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const custom = await getCustomFields(context);
	return custom.map((field) => ({ name: `Custom: ${field.name}`, value: `DE:${field.name}`, description: field.multi ? 'multi-select' : field.fieldType }));
}

function referenceOptions(metadata: ObjectMetadata): INodePropertyOptions[] {
	return Object.entries(metadata.references).map(([name, ref]) => ({
		name: `${ref.label} › Name (${name}:name)`,
		value: `${name}:name`,
		description: `Reference to ${ref.objCode ?? 'another object'}`,
	}));
}

export async function getReadableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const metadata = await getObjectMetadata(this, currentObjCode(this));
	return [
		{ name: 'All Direct Fields (*)', value: '*' },
		{ name: 'All Custom Fields (parameterValues)', value: 'parameterValues' },
		...fieldOptions(metadata, () => true),
		...referenceOptions(metadata),
		...Object.entries(metadata.collections).map(([name, collection]) => ({ name: `${collection.label} (${name}:*)`, value: `${name}:*` })),
		...(await customFieldOptions(this)),
	];
}

export async function getWritableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const metadata = await getObjectMetadata(this, currentObjCode(this));
	return [...fieldOptions(metadata, (flags) => !flags.includes('READ_ONLY')), ...(await customFieldOptions(this))];
}

export async function getFilterableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const metadata = await getObjectMetadata(this, currentObjCode(this));
	const anyFlagged = Object.values(metadata.fields).some((field) => field.flags.includes('FILTERABLE'));
	return [
		...fieldOptions(metadata, (flags) => !anyFlagged || flags.includes('FILTERABLE')),
		...referenceOptions(metadata),
		...(await customFieldOptions(this)),
	];
}

export async function getSortableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const metadata = await getObjectMetadata(this, currentObjCode(this));
	const anyFlagged = Object.values(metadata.fields).some((field) => field.flags.includes('SORTABLE'));
	return [...fieldOptions(metadata, (flags) => !anyFlagged || flags.includes('SORTABLE')), ...referenceOptions(metadata)];
}

export async function getCustomForms(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const objCode = currentObjCode(this).toUpperCase();
	const rows = (await workfrontRequest.call(this, {
		method: 'GET',
		path: 'ctgy/search',
		qs: { catObjCode: objCode, fields: 'name,catObjCode,description', name_Sort: 'asc', $$LIMIT: 2000 },
	})) as IDataObject[];
	return (rows ?? []).map((row) => ({ name: String(row.name ?? row.ID), value: String(row.ID), description: typeof row.description === 'string' ? row.description : undefined }));
}
