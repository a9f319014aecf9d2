import { jsonParse, type IDataObject } from 'n8n-workflow';

import { WorkfrontInputError } from '../../../credentials/workfront/baseUrl';
import type { FieldInfo } from './metadata';

const ID_PATTERN = /^[0-9a-fA-F]{32}$/;

export function isWorkfrontId(value: string): boolean {
	return ID_PATTERN.test(value);
}

/** Validates one or more comma-separated IDs, naming the parameter when one is malformed. */
export function parseIds(raw: unknown, parameter: string): string[] {
	const list = (Array.isArray(raw) ? raw : String(raw ?? '').split(','))
		.map((value) => String(value).trim())
		.filter((value) => value !== '');
	if (list.length === 0) throw new WorkfrontInputError(`${parameter} is empty`, 'Enter a Workfront ID (32 hexadecimal characters), pick a record from the list, or paste its Workfront URL.');
	const bad = list.find((value) => !isWorkfrontId(value));
	if (bad !== undefined) {
		throw new WorkfrontInputError(
			`${parameter} "${bad.length > 40 ? `${bad.slice(0, 40)}…` : bad}" is not a Workfront ID`,
			'Workfront IDs are 32 hexadecimal characters, e.g. 5f3c1d7e9a2b4c6d8e0f1a2b3c4d5e6f. Pick the record from the list or paste its Workfront URL instead.',
		);
	}
	return list;
}

/** Parses a JSON parameter, naming it in the error. */
export function parseJsonParameter<T = unknown>(raw: unknown, parameter: string, expect: 'object' | 'array' | 'any' = 'any'): T {
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') throw new WorkfrontInputError(`${parameter} is empty`, 'Enter JSON, e.g. {"name": "My project"}.');
		let problem: string | undefined;
		try {
			value = jsonParse(raw);
		} catch (error) {
			problem = (error as Error).message;
		}
		if (problem !== undefined) {
			throw new WorkfrontInputError(`${parameter} is not valid JSON`, `${problem}. Check quotes (JSON needs double quotes) and commas.`);
		}
	}
	if (expect === 'object' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
		throw new WorkfrontInputError(`${parameter} must be a JSON object`, 'Use the form {"field": value, ...}.');
	}
	if (expect === 'array' && !Array.isArray(value)) {
		throw new WorkfrontInputError(`${parameter} must be a JSON array`, 'Use the form [value, ...].');
	}
	return value as T;
}

const NUMBER_TYPES = new Set(['int', 'integer', 'long', 'double', 'float', 'currency', 'percent', 'number', 'decimal']);

/**
 * Converts a value typed in the UI (always a string there) to what Workfront expects for the field's type.
 * Values that already have a type (expressions, JSON mode) are kept unless clearly wrong.
 */
export function coerceValue(field: string, value: unknown, info: FieldInfo | undefined, multi = false): unknown {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string' && value.trim() === '') return null; // an empty value clears the field
	if (field.startsWith('DE:')) {
		if (Array.isArray(value)) return value;
		if (typeof value === 'string') {
			const trimmed = value.trim();
			if (trimmed.startsWith('[')) return parseJsonParameter(trimmed, `Value of ${field}`, 'array');
			if (multi) return trimmed.split(',').map((part) => part.trim()).filter((part) => part !== '');
		}
		return value;
	}
	if (!info) return value;
	const type = info.fieldType.toLowerCase();
	if (NUMBER_TYPES.has(type)) {
		const number = typeof value === 'number' ? value : Number(String(value).trim());
		if (!Number.isFinite(number)) {
			throw new WorkfrontInputError(`Field "${field}" needs a number, got "${String(value)}"`, `${info.label} is a ${info.fieldType} field.`);
		}
		if ((type === 'int' || type === 'integer' || type === 'long') && !Number.isInteger(number)) {
			throw new WorkfrontInputError(`Field "${field}" needs a whole number, got "${String(value)}"`, `${info.label} is an ${info.fieldType} field.`);
		}
		return number;
	}
	if (type === 'boolean') {
		if (typeof value === 'boolean') return value;
		const lowered = String(value).trim().toLowerCase();
		if (lowered === 'true' || lowered === '1' || lowered === 'yes') return true;
		if (lowered === 'false' || lowered === '0' || lowered === 'no') return false;
		throw new WorkfrontInputError(`Field "${field}" needs true or false, got "${String(value)}"`, `${info.label} is a boolean field.`);
	}
	if (type === 'datetime' || type === 'date') {
		if (value instanceof Date) return value.toISOString();
		const textValue = String(value).trim();
		if (textValue.startsWith('$$')) return textValue;
		const normalized = textValue.replace(/(T\d\d:\d\d:\d\d):(\d{3})/, '$1.$2');
		if (Number.isNaN(Date.parse(normalized))) {
			throw new WorkfrontInputError(
				`Field "${field}" needs a date, got "${textValue}"`,
				'Use ISO 8601 (2026-03-02 or 2026-03-02T09:00:00Z), a Workfront date, or a wildcard such as $$TODAY.',
			);
		}
		return textValue;
	}
	if (info.enumValues && info.enumValues.length > 0 && typeof value === 'string') {
		const match = info.enumValues.find((entry) => entry.value === value || entry.label.toLowerCase() === value.toLowerCase());
		if (!match) {
			throw new WorkfrontInputError(
				`Field "${field}" does not accept "${value}"`,
				`Allowed values: ${info.enumValues.map((entry) => `${entry.value} (${entry.label})`).join(', ')}.`,
			);
		}
		return match.value;
	}
	return value;
}

/** Checks a record's keys against the object's fields; custom (DE:) fields and reference IDs pass through. */
export function checkFieldNames(record: IDataObject, fields: Record<string, FieldInfo>, objCode: string): void {
	const known = new Set(Object.keys(fields));
	if (known.size === 0) return;
	for (const key of Object.keys(record)) {
		if (key.startsWith('DE:') || key === 'parameterValues' || key === 'objectCategories' || key === 'ID' || known.has(key)) continue;
		const close = [...known].find((name) => name.toLowerCase() === key.toLowerCase());
		throw new WorkfrontInputError(
			`Field "${key}" does not exist on ${objCode}`,
			close ? `Did you mean "${close}"? Field names are case-sensitive.` : 'Pick the field from the list, or check the API name in Workfront\'s API Explorer. Custom fields start with "DE:".',
		);
	}
}
