import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getObjectTypes } from '../helpers/metadata';
import { getConnection, workfrontRequest, objectPath } from '../transport';

const PAGE = 100;

export async function searchObjectTypes(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const types = await getObjectTypes(this);
	const needle = (filter ?? '').toLowerCase();
	return {
		results: types
			.filter((type) => !needle || type.objCode.toLowerCase().includes(needle) || type.label.toLowerCase().includes(needle))
			.map((type) => ({ name: `${type.label} (${type.objCode})`, value: type.objCode })),
	};
}

/** The field that names records of an object type in the list. */
const NAME_FIELDS: Record<string, string> = { HOUR: 'hours', NOTE: 'noteText', ASSGN: 'ID', DOCV: 'fileName' };

const UI_PATHS: Record<string, string> = { PROJ: 'project', TASK: 'task', OPTASK: 'issue', USER: 'user', DOCU: 'document', PORT: 'portfolio', PRGM: 'program', TMPL: 'template' };

export async function searchRecords(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const objCode = String(this.getCurrentNodeParameter('objCode', { extractValue: true }) ?? 'PROJ').trim() || 'PROJ';
	const nameField = NAME_FIELDS[objCode.toUpperCase()] ?? 'name';
	const first = Number(paginationToken ?? 0) || 0;
	const qs: IDataObject =
		nameField === 'ID'
			? { $$FIRST: first, $$LIMIT: PAGE, ID_Sort: 'asc' }
			: { fields: nameField, $$FIRST: first, $$LIMIT: PAGE, [`${nameField}_1_Sort`]: 'asc', ID_2_Sort: 'asc' };
	if (filter && nameField !== 'ID') {
		qs[nameField] = filter;
		qs[`${nameField}_Mod`] = 'cicontains';
	}
	const rows = (await workfrontRequest.call(this, { method: 'GET', path: objectPath(objCode, 'search'), qs, objCode })) as IDataObject[];
	const { baseUrl } = await getConnection(this);
	const uiPath = UI_PATHS[objCode.toUpperCase()];
	return {
		results: (rows ?? []).map((row) => ({
			name: String(row[nameField] ?? row.ID),
			value: String(row.ID),
			url: uiPath ? `${baseUrl}/${uiPath}/${String(row.ID)}/overview` : undefined,
		})),
		paginationToken: rows && rows.length === PAGE ? String(first + PAGE) : undefined,
	};
}
