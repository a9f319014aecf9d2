/**
 * The Adobe Workfront Trigger in webhook mode: the subscription lifecycle (checkExists / create / delete) in n8n's
 * HookContext against the emulator, and real HTTP deliveries from the emulator to webhook() in a WebhookContext.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { ApiClient, login } from '../emulator/testkit';
import { TriggerBed, WebhookReceiver, type TriggerWorkflow } from './harness/trigger';

let bed: TriggerBed;
let receiver: WebhookReceiver;
let api: ApiClient;
let otherApi: ApiClient;
const active: TriggerWorkflow[] = [];

before(async () => {
	bed = await TriggerBed.start({ deliveryRetryDelaysMs: [30], deliveryTimeoutMs: 2000 });
	receiver = await new WebhookReceiver().start();
	const creds = bed.emulator.credentials;
	api = new ApiClient(creds.baseUrl, await login(creds));
	const other = bed.emulator.store.all('USER').find((user) => user.ID !== creds.userId)!;
	otherApi = new ApiClient(creds.baseUrl, await login({ ...creds, userId: String(other.ID) }));
});
afterEach(async () => {
	for (const trigger of active.splice(0)) await trigger.deactivate();
	await bed.emulator.flushDeliveries();
	receiver.calls.length = 0;
	receiver.failAfterRun = 0;
});
after(async () => {
	await receiver.close();
	await bed.close();
});

function webhookTrigger(parameters: IDataObject = {}, options: { webhookId?: string; staticData?: IDataObject } = {}): TriggerWorkflow {
	const trigger = bed.trigger({ triggerOn: 'webhook', eventObjCode: 'PROJ', eventTypes: ['CREATE', 'UPDATE'], ...parameters } as never, {
		webhookBaseUrl: receiver.url,
		...options,
	});
	receiver.attach(trigger);
	active.push(trigger);
	return trigger;
}

function subscriptionsFor(trigger: TriggerWorkflow) {
	const url = `${receiver.url}/${String(trigger.node.webhookId)}/webhook`;
	return bed.emulator.subscriptions().filter((sub) => sub.url === url);
}

function state(trigger: TriggerWorkflow): IDataObject {
	return trigger.staticData().webhook as IDataObject;
}

describe('lifecycle', () => {
	test('create makes one subscription per event type with a random token; checkExists confirms; delete removes them', async () => {
		const trigger = webhookTrigger({ objId: '', subscriptionFilters: { filter: [{ fieldName: 'status', comparison: 'ne', fieldValue: 'DED' }] } });
		assert.equal(await trigger.hook('checkExists'), false, 'nothing stored yet');
		assert.equal(await trigger.hook('create'), true);
		const subs = subscriptionsFor(trigger);
		assert.deepEqual(subs.map((sub) => sub.eventType).sort(), ['CREATE', 'UPDATE']);
		const stored = state(trigger);
		assert.match(String(stored.authToken), /^[0-9a-f]{64}$/);
		assert.ok(subs.every((sub) => sub.authToken === stored.authToken && sub.objCode === 'PROJ'));
		assert.deepEqual(subs[0].filters, [{ fieldName: 'status', comparison: 'ne', fieldValue: 'DED' }]);
		assert.deepEqual((stored.subscriptions as IDataObject[]).map((sub) => sub.id).sort(), subs.map((sub) => sub.id).sort());
		assert.equal(await trigger.hook('checkExists'), true);
		assert.equal(await trigger.hook('delete'), true);
		assert.equal(subscriptionsFor(trigger).length, 0);
		assert.equal(trigger.staticData().webhook, undefined);
		assert.equal(await trigger.hook('checkExists'), false);
	});

	test('activating twice leaves one subscription per event type', async () => {
		const trigger = webhookTrigger();
		assert.equal(await trigger.activate(), true);
		const first = subscriptionsFor(trigger).map((sub) => sub.id).sort();
		assert.equal(await trigger.activate(), false, 'checkExists is true: no second create');
		// n8n calls create again anyway (e.g. after a failed checkExists): the stored ones are replaced, not doubled.
		await trigger.hook('create');
		const second = subscriptionsFor(trigger);
		assert.equal(second.length, 2);
		assert.ok(second.every((sub) => !first.includes(sub.id)));
		// Static data lost (same webhook URL, nothing stored): Workfront answers 409, the left-overs are replaced.
		const amnesiac = webhookTrigger({}, { webhookId: String(trigger.node.webhookId) });
		assert.equal(await amnesiac.activate(), true);
		const third = subscriptionsFor(trigger);
		assert.deepEqual(third.map((sub) => sub.eventType).sort(), ['CREATE', 'UPDATE']);
		assert.ok(third.every((sub) => sub.authToken === state(amnesiac).authToken));
		const conflicts = bed.emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/subscriptions') && r.status === 409);
		assert.ok(conflicts.length >= 1, 'the 409 path was taken');
	});

	test('a vanished subscription makes checkExists false; other settings too; create then restores one set', async () => {
		const trigger = webhookTrigger();
		await trigger.activate();
		const [gone] = subscriptionsFor(trigger);
		await fetch(`${bed.emulator.url}/attask/eventsubscription/api/v1/subscriptions/${gone.id}`, { method: 'DELETE', headers: { sessionID: api.token } });
		assert.equal(await trigger.hook('checkExists'), false);
		assert.equal(await trigger.activate(), true);
		assert.equal(subscriptionsFor(trigger).length, 2);
		const changed = trigger.restarted({ ...trigger.parameters, eventTypes: ['DELETE'] });
		receiver.attach(changed);
		active.push(changed);
		assert.equal(await changed.hook('checkExists'), false, 'the event types changed');
		await changed.hook('create');
		assert.deepEqual(subscriptionsFor(trigger).map((sub) => sub.eventType), ['DELETE']);
	});

	test('delete after the subscriptions vanished is fine', async () => {
		const trigger = webhookTrigger();
		await trigger.activate();
		for (const sub of subscriptionsFor(trigger)) {
			await fetch(`${bed.emulator.url}/attask/eventsubscription/api/v1/subscriptions/${sub.id}`, { method: 'DELETE', headers: { sessionID: api.token } });
		}
		assert.equal(await trigger.hook('delete'), true);
		assert.equal(trigger.staticData().webhook, undefined);
	});

	test('a failed create leaves nothing behind and reports why', async () => {
		const trigger = webhookTrigger({ eventTypes: ['CREATE', 'UPDATE', 'DELETE'] });
		bed.emulator.addFault({ method: 'POST', path: 'eventsubscription', skip: 2, action: { type: 'status', status: 403, body: '{"message":"Only administrators"}' } });
		await assert.rejects(trigger.hook('create'), (error: Error & { description?: string }) => {
			assert.match(error.message, /Only administrators/);
			assert.match(String(error.description), /System Administrator/);
			return true;
		});
		assert.equal(subscriptionsFor(trigger).length, 0, 'the two made before the failure were undone');
		bed.emulator.clearFaults();
	});

	test('polling mode registers no webhook and subscribes to nothing', async () => {
		const trigger = bed.trigger({ triggerOn: 'polling', objCode: { __rl: true, mode: 'code', value: 'PROJ' } }, { webhookBaseUrl: receiver.url });
		const description = trigger.nodeType.description.webhooks![0];
		assert.equal(trigger.workflow.expression.getSimpleParameterValue(trigger.node, description.path, 'internal', {}), undefined, 'n8n skips a webhook whose path is undefined');
		assert.equal(await trigger.hook('checkExists'), true);
		assert.equal(await trigger.poll(), null, 'first poll only sets the cursor');
		const webhookMode = webhookTrigger();
		assert.equal(webhookMode.workflow.expression.getSimpleParameterValue(webhookMode.node, description.path, 'internal', {}), 'webhook');
		assert.equal(await webhookMode.poll(), null, 'poll() does nothing in webhook mode');
	});
});

describe('deliveries over HTTP', () => {
	test('create and update events reach webhook() and become items', async () => {
		const trigger = webhookTrigger();
		await trigger.activate();
		const project = (await api.post('proj', { name: 'Trigger me' })).body.data;
		await api.put(`proj/${project.ID}`, { status: 'CUR' });
		await bed.emulator.flushDeliveries();
		const runs = receiver.runs();
		assert.equal(runs.length, 2);
		assert.ok(runs.every((call) => call.status === 200));
		const [created, updated] = runs.map((call) => call.items![0]);
		assert.equal(created.eventType, 'CREATE');
		assert.equal(created.objCode, 'PROJ');
		assert.equal(created.objID, project.ID);
		assert.deepEqual(created.oldState, {});
		assert.equal((created.newState as IDataObject).name, 'Trigger me');
		assert.match(String(created.eventTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		const sent = bed.emulator.deliveries.find((d) => d.eventType === 'CREATE' && d.objID === project.ID)!.body.eventTime as { epochSecond: number; nano: number };
		assert.equal(created.eventTime, new Date(sent.epochSecond * 1000 + sent.nano / 1e6).toISOString());
		assert.equal(created.changedFields, undefined);
		assert.equal(updated.eventType, 'UPDATE');
		assert.ok((updated.changedFields as string[]).includes('status'));
		assert.ok(!(updated.changedFields as string[]).includes('name'));
		assert.equal((updated.oldState as IDataObject).status, project.status);
		assert.ok(subscriptionsFor(trigger).some((sub) => sub.id === updated.subscriptionId));
	});

	test('a wrong or missing token is refused with 401 and starts nothing; Bearer and bare tokens are accepted', async () => {
		const trigger = webhookTrigger();
		await trigger.activate();
		const url = `${receiver.url}/${String(trigger.node.webhookId)}/webhook`;
		const token = String(state(trigger).authToken);
		const event = { eventType: 'UPDATE', subscriptionId: 'x', eventTime: { epochSecond: 1_700_000_000, nano: 0 }, newState: { ID: 'n1', objCode: 'PROJ' }, oldState: { ID: 'n1', objCode: 'PROJ' } };
		const post = (headers: Record<string, string>, body: IDataObject = event) =>
			fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
		const wrong = await post({ Authorization: `Bearer ${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}` });
		assert.equal(wrong.status, 401);
		assert.equal((await post({})).status, 401);
		assert.equal((await post({ Authorization: 'Bearer ' })).status, 401);
		assert.equal(receiver.runs().length, 0, 'no workflow data for refused calls');
		assert.equal((await post({ Authorization: `Bearer ${token}` })).status, 200);
		assert.equal((await post({ Authorization: token }, { ...event, eventTime: { epochSecond: 1_700_000_001, nano: 0 } })).status, 200);
		assert.equal(receiver.runs().length, 2);
	});

	test('a repeated delivery (the first answer was lost) is dropped', async () => {
		const trigger = webhookTrigger({ eventTypes: ['UPDATE'] });
		await trigger.activate();
		const project = (await api.post('proj', { name: 'Twice' })).body.data;
		receiver.failAfterRun = 1;
		await api.put(`proj/${project.ID}`, { status: 'CUR' });
		await bed.emulator.flushDeliveries();
		const calls = receiver.calls.filter((call) => (call.body as IDataObject).eventType === 'UPDATE');
		assert.equal(calls.length, 2, 'Workfront retried after the 500');
		assert.equal(calls[0].items?.length, 1);
		assert.equal(calls[1].items, undefined, 'the retry started no workflow');
		assert.equal(calls[1].status, 200, 'and was still acknowledged');
		assert.deepEqual(calls[1].result?.webhookResponse, { received: true, ignored: 'duplicate delivery' });
		// With the option off, the same repeat goes through.
		await trigger.deactivate();
		const keepAll = webhookTrigger({ eventTypes: ['UPDATE'], options: { dropDuplicates: false } });
		await keepAll.activate();
		receiver.failAfterRun = 1;
		receiver.calls.length = 0;
		await api.put(`proj/${project.ID}`, { status: 'ONH' });
		await bed.emulator.flushDeliveries();
		const forKeepAll = receiver.calls.filter((call) => call.path.includes(String(keepAll.node.webhookId)));
		assert.equal(forKeepAll.filter((call) => call.items).length, 2);
	});

	test('base64 payloads are decoded', async () => {
		const trigger = webhookTrigger({ eventTypes: ['UPDATE'], options: { base64Encoding: true } });
		await trigger.activate();
		assert.ok(subscriptionsFor(trigger).every((sub) => sub.base64Encoding));
		const project = (await api.post('proj', { name: 'Encoded' })).body.data;
		await api.put(`proj/${project.ID}`, { name: 'Encoded ✓' });
		await bed.emulator.flushDeliveries();
		const call = receiver.runs()[0];
		assert.equal(typeof (call.body as IDataObject).newState, 'string', 'sent as base64');
		const item = call.items![0];
		assert.equal((item.newState as IDataObject).name, 'Encoded ✓');
		assert.equal((item.oldState as IDataObject).name, 'Encoded');
		assert.deepEqual(item.changedFields, ['lastUpdateDate', 'name']);
	});

	test('Ignore Own Changes drops the credential user\'s changes and keeps everyone else\'s', async () => {
		const trigger = webhookTrigger({ options: { ignoreOwnChanges: true } });
		await trigger.activate();
		const mine = (await api.post('proj', { name: 'Mine' })).body.data;
		await api.put(`proj/${mine.ID}`, { status: 'CUR' });
		const theirs = (await otherApi.post('proj', { name: 'Theirs' })).body.data;
		await otherApi.put(`proj/${mine.ID}`, { status: 'ONH' });
		await bed.emulator.flushDeliveries();
		const runs = receiver.runs().map((call) => call.items![0]);
		assert.deepEqual(
			runs.map((item) => [item.eventType, item.objID]),
			[
				['CREATE', theirs.ID],
				['UPDATE', mine.ID],
			],
		);
		const ignored = receiver.calls.filter((call) => (call.result?.webhookResponse as IDataObject | undefined)?.ignored === 'own change');
		assert.equal(ignored.length, 2);
		assert.ok(ignored.every((call) => call.status === 200));
	});
});
