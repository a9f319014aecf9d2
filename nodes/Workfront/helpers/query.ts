import type { IDataObject } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../credentials/workfront/baseUrl';
import { parseJsonParameter } from './values';

export interface FilterCondition {
	field?: string;
	operator?: string;
	value?: unknown;
	valueTo?: unknown;
	group?: number;
}

export interface SortRule {
	field?: string;
	direction?: string;
}

/** Modifiers that take no value (Workfront still wants the parameter present). */
export const VALUELESS_OPERATORS = new Set(['isnull', 'notnull', 'isblank', 'notblank']);
export const RANGE_OPERATORS = new Set(['between', 'cibetween', 'notbetween', 'cinotbetween']);
export const LIST_OPERATORS = new Set(['in', 'ciin', 'notin', 'cinotin', 'allof', 'cicontainsany', 'cicontainsall', 'cinotcontainsany', 'cinotcontainsall']);

export const OPERATORS: Array<{ name: string; value: string; description: string }> = [
	{ name: 'Equals', value: 'eq', description: 'Exact, case-sensitive match' },
	{ name: 'Equals (Case-Insensitive)', value: 'cieq', description: 'Not supported for status fields' },
	{ name: 'Not Equals', value: 'ne', description: 'Differs (case-sensitive)' },
	{ name: 'Not Equals (Case-Insensitive)', value: 'cine', description: 'Differs, ignoring case' },
	{ name: 'Greater Than', value: 'gt', description: 'Numbers and dates' },
	{ name: 'Greater Than or Equal', value: 'gte', description: 'Numbers and dates' },
	{ name: 'Less Than', value: 'lt', description: 'Numbers and dates' },
	{ name: 'Less Than or Equal', value: 'lte', description: 'Numbers and dates' },
	{ name: 'Between', value: 'between', description: 'From Value to Value To, inclusive' },
	{ name: 'Not Between', value: 'notbetween', description: 'Outside Value … Value To' },
	{ name: 'Contains', value: 'contains', description: 'Substring, case-sensitive' },
	{ name: 'Contains (Case-Insensitive)', value: 'cicontains', description: 'Substring, ignoring case' },
	{ name: 'Does Not Contain', value: 'notcontains', description: 'No such substring (case-sensitive)' },
	{ name: 'Does Not Contain (Case-Insensitive)', value: 'cinotcontains', description: 'No such substring, ignoring case' },
	{ name: 'Contains Any (Case-Insensitive)', value: 'cicontainsany', description: 'Any of a comma-separated list of words' },
	{ name: 'Contains All (Case-Insensitive)', value: 'cicontainsall', description: 'All of a comma-separated list of words' },
	{ name: 'Like', value: 'like', description: 'Pattern with % (any text) and _ (one character)' },
	{ name: 'Like (Case-Insensitive)', value: 'cilike', description: 'Pattern with % and _, ignoring case' },
	{ name: 'Starts With', value: 'startswith', description: 'Begins with the value' },
	{ name: 'In List', value: 'in', description: 'One of a comma-separated list (or a JSON array)' },
	{ name: 'In List (Case-Insensitive)', value: 'ciin', description: 'One of a list, ignoring case' },
	{ name: 'Not In List', value: 'notin', description: 'None of a comma-separated list' },
	{ name: 'Not In List (Case-Insensitive)', value: 'cinotin', description: 'None of a list, ignoring case' },
	{ name: 'All Of (Multi-Select)', value: 'allof', description: 'A multi-select custom field holding all listed values' },
	{ name: 'Is Empty (Null)', value: 'isnull', description: 'No value' },
	{ name: 'Is Not Empty (Not Null)', value: 'notnull', description: 'Has a value' },
	{ name: 'Is Blank', value: 'isblank', description: 'Null or empty text' },
	{ name: 'Is Not Blank', value: 'notblank', description: 'Neither null nor empty text' },
];

const KNOWN_OPERATORS = new Set(OPERATORS.map((operator) => operator.value).concat(['nee', 'soundex', 'exacttime', 'bitwiseor', 'bitwiseand', 'bitwisenand']));

function listOf(value: unknown, label: string): string[] {
	if (Array.isArray(value)) return value.map(String);
	const textValue = String(value ?? '').trim();
	if (textValue.startsWith('[')) return parseJsonParameter<unknown[]>(textValue, label, 'array').map(String);
	return textValue.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

function scalar(value: unknown): string {
	if (value instanceof Date) return value.toISOString();
	if (value !== null && typeof value === 'object') return JSON.stringify(value);
	return String(value ?? '');
}

/** Builds Workfront filter parameters from UI conditions; group 0 is the main AND group, 1…n are OR alternatives. */
export function buildFilterQuery(conditions: FilterCondition[]): IDataObject {
	const qs: IDataObject = {};
	const seen = new Set<string>();
	conditions.forEach((condition, index) => {
		const field = String(condition.field ?? '').trim();
		const position = `Filter ${index + 1}`;
		if (field === '') throw new WorkfrontInputError(`${position}: Field is empty`, 'Pick a field or remove the filter.');
		const operator = String(condition.operator ?? 'eq');
		if (!KNOWN_OPERATORS.has(operator)) {
			throw new WorkfrontInputError(`${position}: "${operator}" is not a Workfront filter modifier`, `Use one of: ${[...KNOWN_OPERATORS].join(', ')}.`);
		}
		const group = Number(condition.group ?? 0);
		if (!Number.isInteger(group) || group < 0) throw new WorkfrontInputError(`${position}: Match Group must be 0 or a positive whole number`, '0 = the main conditions; 1, 2 … = alternatives (OR).');
		const prefix = group > 0 ? `OR:${group}:` : '';
		const key = `${prefix}${field}`;
		if (seen.has(key)) {
			throw new WorkfrontInputError(
				`${position}: field "${field}" is used twice in match group ${group}`,
				'Workfront allows one condition per field in a group. Use Between for ranges, In List for several values, another match group for OR, or Raw Filter.',
			);
		}
		seen.add(key);
		if (VALUELESS_OPERATORS.has(operator)) {
			qs[key] = '';
		} else if (RANGE_OPERATORS.has(operator)) {
			if (condition.value === undefined || condition.value === '' || condition.valueTo === undefined || condition.valueTo === '') {
				throw new WorkfrontInputError(`${position}: ${operator} needs Value and Value To`, 'Both ends of the range are included.');
			}
			qs[key] = scalar(condition.value);
			qs[`${key}_Range`] = scalar(condition.valueTo);
		} else if (LIST_OPERATORS.has(operator)) {
			const values = listOf(condition.value, `${position} value`);
			if (values.length === 0) throw new WorkfrontInputError(`${position}: ${operator} needs at least one value`, 'Separate values with commas or give a JSON array.');
			qs[key] = values;
		} else {
			qs[key] = scalar(condition.value);
		}
		if (operator !== 'eq') qs[`${key}_Mod`] = operator;
	});
	return qs;
}

/** A raw filter: a query string (status=CUR&name_Mod=contains…) or a JSON object sent as `filters`. */
export function parseRawFilter(raw: unknown): IDataObject {
	if (raw !== null && typeof raw === 'object') return { filters: raw as IDataObject };
	const textValue = typeof raw === 'string' ? raw.trim() : '';
	if (textValue === '') return {};
	if (textValue.startsWith('{')) return { filters: parseJsonParameter<IDataObject>(textValue, 'Raw Filter', 'object') };
	const qs: IDataObject = {};
	const params = new URLSearchParams(textValue.replace(/^\?/, ''));
	for (const key of new Set(params.keys())) {
		if (key === '') throw new WorkfrontInputError('Raw Filter has a parameter without a name', 'Write it like status=CUR&name_Mod=contains&name=Launch, or as a JSON object.');
		if (/^(sessionID|apiKey|method)$/i.test(key)) {
			throw new WorkfrontInputError(`Raw Filter must not set "${key}"`, 'Authentication and the HTTP method are handled by the node.');
		}
		const values = params.getAll(key);
		qs[key] = values.length === 1 ? values[0] : values;
	}
	return qs;
}

/** Sort parameters, with ID as a final tie-breaker so pages never overlap. */
export function buildSortQuery(rules: SortRule[]): IDataObject {
	const used = rules
		.map((rule) => ({ field: String(rule.field ?? '').trim(), direction: String(rule.direction ?? 'asc') }))
		.filter((rule) => rule.field !== '');
	used.forEach((rule, index) => {
		if (!['asc', 'desc', 'ciasc', 'cidesc'].includes(rule.direction)) {
			throw new WorkfrontInputError(`Sort ${index + 1}: direction "${rule.direction}" is not valid`, 'Use asc, desc, ciasc or cidesc.');
		}
	});
	if (!used.some((rule) => rule.field === 'ID')) used.push({ field: 'ID', direction: 'asc' });
	const qs: IDataObject = {};
	used.forEach((rule, index) => {
		qs[used.length === 1 ? `${rule.field}_Sort` : `${rule.field}_${index + 1}_Sort`] = rule.direction;
	});
	return qs;
}

/** True when the query (raw or built) already sorts. */
export function hasSort(qs: IDataObject): boolean {
	return Object.keys(qs).some((key) => /_Sort$/.test(key) && !key.startsWith('$$'));
}

export function joinFields(selected: unknown, extra: unknown): string | undefined {
	const list = [
		...(Array.isArray(selected) ? (selected as string[]) : String(selected ?? '').split(',')),
		...String(extra ?? '').split(','),
	]
		.map((field) => field.trim())
		.filter((field) => field !== '');
	return list.length > 0 ? [...new Set(list)].join(',') : undefined;
}
