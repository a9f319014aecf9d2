/** Lists the node loads from Workfront: object types, fields, custom forms, records. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { rl, TestBed } from './harness/bed';
import { listSearch, loadOptions } from './harness/methods';

let bed: TestBed;
before(async () => {
	bed = await TestBed.start();
});
after(async () => {
	bed.assertNothingLeaked();
	await bed.close();
});

describe('loadOptions and listSearch', () => {
	test('object types come from /metadata, common ones first, searchable', async () => {
		const all = await listSearch(bed, 'searchObjectTypes', {});
		const codes = all.results.map((r) => String(r.value));
		assert.deepEqual(codes.slice(0, 4), ['PROJ', 'TASK', 'OPTASK', 'USER']);
		assert.ok(codes.includes('CTGY') && codes.includes('HOUR'));
		const issues = await listSearch(bed, 'searchObjectTypes', {}, 'issue');
		assert.deepEqual(issues.results.map((r) => r.value), ['OPTASK']);
	});

	test('writable fields exclude read-only ones and include custom fields as DE:', async () => {
		const fields = await loadOptions(bed, 'getWritableFields', { objCode: rl('PROJ') });
		const values = fields.map((f) => String(f.value));
		assert.ok(values.includes('name') && values.includes('plannedStartDate'));
		assert.ok(!values.includes('ID') && !values.includes('entryDate'), 'read-only fields are not offered for writing');
		assert.ok(values.includes('DE:Business Unit') && values.includes('DE:Channels'));
		const readable = (await loadOptions(bed, 'getReadableFields', { objCode: rl('PROJ') })).map((f) => String(f.value));
		assert.ok(readable.includes('*') && readable.includes('parameterValues') && readable.includes('entryDate'));
		assert.ok(readable.some((value) => /^owner:name$/.test(value)), 'references offered as ref:name');
	});

	test('custom forms are those of the object type', async () => {
		const forms = await loadOptions(bed, 'getCustomForms', { objCode: rl('TASK') });
		assert.deepEqual(forms.map((f) => f.name), ['Task Details']);
	});

	test('records list: searchable by name, paged, with Workfront URLs', async () => {
		const first = await listSearch(bed, 'searchRecords', { objCode: rl('PROJ') });
		assert.equal(first.results.length, 100);
		assert.ok(first.paginationToken);
		const second = await listSearch(bed, 'searchRecords', { objCode: rl('PROJ') }, undefined, String(first.paginationToken));
		assert.equal(new Set([...first.results, ...second.results].map((r) => r.value)).size, first.results.length + second.results.length);
		const target = bed.emulator.store.all('PROJ')[3];
		const found = await listSearch(bed, 'searchRecords', { objCode: rl('PROJ') }, String(target.name).toUpperCase());
		assert.ok(found.results.some((r) => r.value === target.ID));
		assert.ok(found.results.every((r) => String(r.name).toLowerCase().includes(String(target.name).toLowerCase())));
		assert.match(String(found.results[0].url), /\/project\/[0-9a-f]{32}\/overview$/);
	});

	test('a failing list surfaces the error instead of an empty list', async () => {
		await assert.rejects(() => loadOptions(bed, 'getWritableFields', { objCode: rl('NOPE') }), /Unknown object type/);
	});
});
