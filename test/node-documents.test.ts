/** The Document resource inside n8n's engine: upload from binary data, new versions, download to binary data. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { storedBytes } from '../emulator/documents';
import { id, TestBed } from './harness/bed';

let bed: TestBed;
let projectId: string;
let taskId: string;

before(async () => {
	bed = await TestBed.start();
	projectId = String(bed.emulator.store.all('PROJ')[0].ID);
	taskId = String(bed.emulator.store.all('TASK').find((t) => t.projectID === projectId)?.ID ?? bed.emulator.store.all('TASK')[0].ID);
});
after(async () => {
	bed.assertNothingLeaked();
	await bed.close();
});

function fileItem(bytes: Buffer, fileName: string, mimeType: string, property = 'data'): INodeExecutionData {
	return { json: { note: 'has a file' }, binary: { [property]: { data: bytes.toString('base64'), mimeType, fileName } } };
}

function bytesOf(binary: IBinaryData): Buffer {
	assert.ok(!binary.id, 'binary data stays in memory in the harness');
	return Buffer.from(binary.data, 'base64');
}

const download = (documentId: string, extra: Record<string, unknown> = {}) =>
	bed.ok({ resource: 'document', operation: 'download', documentId: id(documentId), binaryPropertyName: 'file', ...extra });

describe('upload and download', () => {
	test('byte-for-byte round trip: upload to a project, then download with file name and MIME type', async () => {
		const bytes = Buffer.concat([randomBytes(4096), Buffer.from('\r\n--boundary-lookalike--\r\n'), randomBytes(100)]);
		const [uploaded] = await bed.ok(
			{ resource: 'document', operation: 'upload', docObjCode: 'PROJ', objId: projectId, extraFields: 'currentVersionID,projectID,downloadURL' },
			[fileItem(bytes, 'Brief ü.pdf', 'application/pdf')],
		);
		assert.equal(uploaded.json.name, 'Brief ü.pdf');
		assert.equal(uploaded.json.docObjCode, 'PROJ');
		assert.equal(uploaded.json.objID, projectId);
		assert.equal(uploaded.json.projectID, projectId);
		assert.deepEqual(uploaded.pairedItem, { item: 0 });
		const documentId = String(uploaded.json.ID);
		assert.deepEqual(storedBytes(bed.emulator.store, String(uploaded.json.currentVersionID)), bytes, 'the emulator holds exactly the uploaded bytes');
		const uploads = bed.requests((r) => r.method === 'POST' && r.path.endsWith('/upload'));
		assert.equal(uploads.length, 1);

		const [downloaded] = await download(documentId);
		const file = downloaded.binary!.file;
		assert.deepEqual(bytesOf(file), bytes);
		assert.equal(file.fileName, 'Brief ü.pdf');
		assert.equal(file.mimeType, 'application/pdf');
		assert.equal(downloaded.json.fileSize, bytes.length);
		assert.equal(downloaded.json.ID, documentId);
		assert.ok(bed.requests((r) => r.path === '/document/download' && r.query.ID === documentId).length >= 1);
	});

	test('upload to a task with a custom name, folder and file name; several items upload one document each', async () => {
		const folder = bed.emulator.store.all('DOCFDR')[0]?.ID ?? (await bed.ok({ operation: 'create', objCode: { __rl: true, mode: 'code', value: 'DOCFDR' }, inputMode: 'json', jsonData: JSON.stringify({ name: 'Deliverables', projectID: projectId }) }))[0].json.ID;
		const items = await bed.ok(
			{
				resource: 'document',
				operation: 'upload',
				docObjCode: 'TASK',
				objId: taskId,
				binaryPropertyName: 'attachment',
				options: { name: '={{ "Notes " + $json.n }}', fileName: 'notes.txt', folderIds: String(folder), description: 'From n8n' },
			},
			[1, 2].map((n) => ({ ...fileItem(Buffer.from(`notes ${n}`), 'ignored.bin', 'text/plain', 'attachment'), json: { n } })),
		);
		assert.deepEqual(items.map((item) => item.json.name), ['Notes 1', 'Notes 2']);
		for (const [index, item] of items.entries()) {
			const stored = bed.emulator.store.get('DOCU', String(item.json.ID))!;
			assert.equal(stored.taskID, taskId);
			assert.equal(stored.folderID, folder);
			assert.equal(stored.description, 'From n8n');
			assert.equal(bed.emulator.store.get('DOCV', String(stored.currentVersionID))!.fileName, 'notes.txt');
			assert.deepEqual(item.pairedItem, { item: index });
		}
	});

	test('a new version becomes what Download returns; an older version can still be downloaded by ID', async () => {
		const [first] = await bed.ok({ resource: 'document', operation: 'upload', docObjCode: 'PROJ', objId: projectId, extraFields: 'currentVersionID' }, [fileItem(Buffer.from('first draft'), 'plan.txt', 'text/plain')]);
		const documentId = String(first.json.ID);
		const [version] = await bed.ok(
			{ resource: 'document', operation: 'uploadVersion', documentId: id(documentId), options: { version: 'v2.0' }, extraFields: 'docSize' },
			[fileItem(Buffer.from('second draft, longer'), 'plan-v2.txt', 'text/plain')],
		);
		assert.equal(version.json.version, 'v2.0');
		assert.equal(version.json.fileName, 'plan-v2.txt');
		assert.equal(version.json.docSize, 'second draft, longer'.length);
		assert.equal(bed.emulator.store.get('DOCU', documentId)!.currentVersionID, version.json.ID);
		const [latest] = await download(documentId);
		assert.equal(bytesOf(latest.binary!.file).toString(), 'second draft, longer');
		assert.equal(latest.binary!.file.fileName, 'plan-v2.txt');
		const [older] = await download(documentId, { options: { versionId: String(first.json.currentVersionID), fileName: 'old.txt' } });
		assert.equal(bytesOf(older.binary!.file).toString(), 'first draft');
		assert.equal(older.binary!.file.fileName, 'old.txt');
	});
});

describe('bad input', () => {
	test('a missing binary property is named, with the properties the item does have', async () => {
		const uploadsBefore = bed.requests((r) => r.path.endsWith('/upload')).length;
		const error = await bed.fails({ resource: 'document', operation: 'upload', docObjCode: 'PROJ', objId: projectId, binaryPropertyName: 'file' }, [fileItem(Buffer.from('x'), 'x.txt', 'text/plain', 'data')]);
		assert.match(error.message, /Input item 1 has no binary property "file"/);
		assert.match(String(error.description), /Its binary properties are: data/);
		const none = await bed.fails({ resource: 'document', operation: 'upload', docObjCode: 'PROJ', objId: projectId }, [{ plain: true }]);
		assert.match(none.message, /has no binary property "data"/);
		assert.match(String(none.description), /carries no file/);
		assert.equal(bed.requests((r) => r.path.endsWith('/upload')).length, uploadsBefore, 'nothing was uploaded');
	});

	test('a bad owner ID and an unknown owner are refused; an unknown document cannot be downloaded', async () => {
		const badId = await bed.fails({ resource: 'document', operation: 'upload', docObjCode: 'PROJ', objId: 'project-42' }, [fileItem(Buffer.from('x'), 'x.txt', 'text/plain')]);
		assert.match(badId.message, /Attach To ID "project-42" is not a Workfront ID/);
		const unknownOwner = await bed.fails({ resource: 'document', operation: 'upload', docObjCode: 'PROJ', objId: 'e'.repeat(32) }, [fileItem(Buffer.from('x'), 'x.txt', 'text/plain')]);
		assert.match(unknownOwner.message, /no Project with ID e{32}/);
		const missing = await bed.fails({ resource: 'document', operation: 'download', documentId: id('f'.repeat(32)) });
		assert.match(missing.message, /not found/);
	});
});
