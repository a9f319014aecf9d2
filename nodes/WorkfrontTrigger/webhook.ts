import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	buildSubscriptionFilters,
	createSubscription,
	deleteSubscription,
	DuplicateSubscriptionError,
	getSubscription,
	listSubscriptions,
	type FilterRow,
	type SubscriptionInput,
} from '../Workfront/helpers/eventSubscriptions';
import { getConnection } from '../Workfront/transport';
import { asNodeError, isDeepEqual, stableJson } from './shared';

/** What the trigger keeps between activation and deliveries (workflow static data of the node). */
interface WebhookState {
	url: string;
	authToken: string;
	/** The settings the subscriptions were made with; a change means they must be made again. */
	signature: string;
	subscriptions: Array<{ id: string; eventType: string }>;
}

interface NodeStaticData extends IDataObject {
	webhook?: WebhookState & IDataObject;
	/** Delivery key → when it was first received (ms); bounded, for dropping repeated deliveries. */
	recentDeliveries?: IDataObject;
}

/** Deliveries remembered for duplicate detection: this long, and at most this many. */
export const DUPLICATE_WINDOW_MS = 15 * 60_000;
export const DUPLICATE_MEMORY = 1000;

type TriggerContext = IHookFunctions | IWebhookFunctions;

function staticData(context: TriggerContext): NodeStaticData {
	return context.getWorkflowStaticData('node') as NodeStaticData;
}

/** The subscriptions the node's parameters ask for (one per event type). */
function desiredSubscriptions(context: IHookFunctions, url: string, authToken: string): SubscriptionInput[] {
	const objCode = context.getNodeParameter('eventObjCode') as string;
	const eventTypes = (context.getNodeParameter('eventTypes', []) as string[]) ?? [];
	if (eventTypes.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Pick at least one event type', { description: 'Create, Update and/or Delete: each becomes one Workfront subscription.' });
	}
	const objId = String(context.getNodeParameter('objId', '') ?? '').trim();
	const filters = buildSubscriptionFilters(
		(context.getNodeParameter('subscriptionFilters.filter', []) as FilterRow[]) ?? [],
		context.getNodeParameter('subscriptionFiltersJson', ''),
	);
	const filterConnector = context.getNodeParameter('filterConnector', 'AND') as 'AND' | 'OR';
	const base64Encoding = context.getNodeParameter('options.base64Encoding', false) as boolean;
	return [...new Set(eventTypes)].map((eventType) => ({
		objCode,
		eventType,
		url,
		authToken,
		objId: objId || undefined,
		filters,
		filterConnector,
		base64Encoding,
	}));
}

function signatureOf(inputs: SubscriptionInput[]): string {
	return stableJson(
		inputs.map((input) => {
			const settings: IDataObject = { ...input };
			delete settings.authToken;
			return settings;
		}),
	);
}

function webhookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n did not give this node a webhook URL');
	return url;
}

function isWebhookMode(context: TriggerContext): boolean {
	return (context.getNodeParameter('triggerOn', 'webhook') as string) === 'webhook';
}

/** Deletes the subscriptions in `state`; 404 counts as deleted. Throws after trying all if any failed. */
async function unsubscribe(context: IHookFunctions, data: NodeStaticData): Promise<void> {
	const state = data.webhook;
	if (!state) return;
	const remaining: WebhookState['subscriptions'] = [];
	const problems: string[] = [];
	for (const sub of state.subscriptions ?? []) {
		try {
			await deleteSubscription(context, sub.id);
		} catch (error) {
			context.logger.warn(`Workfront Trigger: could not delete event subscription ${sub.id}`, { error: (error as Error).message });
			remaining.push(sub);
			problems.push(`${sub.id}: ${(error as Error).message}`);
		}
	}
	if (remaining.length > 0) {
		state.subscriptions = remaining;
		throw new NodeOperationError(context.getNode(), `Could not delete ${remaining.length} Workfront event subscription(s)`, {
			description: `${problems.join('; ')}. They stay recorded and are retried on the next deactivation; the Workfront node's Event Subscription → Delete All for a URL removes them too.`,
		});
	}
	delete data.webhook;
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	if (!isWebhookMode(this)) return true;
	const state = staticData(this).webhook;
	if (!state || !state.authToken || !Array.isArray(state.subscriptions) || state.subscriptions.length === 0) return false;
	const url = webhookUrl(this);
	if (state.url !== url || state.signature !== signatureOf(desiredSubscriptions(this, url, ''))) return false;
	for (const sub of state.subscriptions) {
		const found = await getSubscription(this, sub.id);
		if (!found) return false;
		if (typeof found.url === 'string' && found.url !== url) return false;
	}
	return true;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	if (!isWebhookMode(this)) return true;
	const data = staticData(this);
	const url = webhookUrl(this);
	// Subscriptions from an earlier activation (or other settings) go first, so there is never more than one set.
	await unsubscribe(this, data);
	const authToken = randomBytes(32).toString('hex');
	const inputs = desiredSubscriptions(this, url, authToken);
	const made: WebhookState['subscriptions'] = [];
	try {
		for (const input of inputs) {
			let created;
			try {
				created = await createSubscription(this, input, { duplicateAsError: false });
			} catch (error) {
				if (!(error instanceof DuplicateSubscriptionError)) throw asNodeError(this.getNode(), error);
				// 409: an identical subscription is left over (its authToken is unknown, so it cannot be reused): replace it.
				const leftovers = (await listSubscriptions(this)).filter(
					(sub) =>
						sub.url === url &&
						sub.eventType === input.eventType &&
						String(sub.objCode).toUpperCase() === input.objCode.toUpperCase() &&
						(sub.objId ?? null) === (input.objId ?? null),
				);
				this.logger.info(`Workfront Trigger: replacing ${leftovers.length} left-over ${input.eventType} subscription(s) for ${url}`);
				for (const sub of leftovers) await deleteSubscription(this, String(sub.id));
				created = await createSubscription(this, input);
			}
			made.push({ id: created.id, eventType: input.eventType });
		}
	} catch (error) {
		// Leave nothing half-made behind: undo this activation's subscriptions, then report the failure.
		for (const sub of made) {
			try {
				await deleteSubscription(this, sub.id);
			} catch (cleanupError) {
				this.logger.warn(`Workfront Trigger: could not undo event subscription ${sub.id}`, { error: (cleanupError as Error).message });
			}
		}
		throw asNodeError(this.getNode(), error);
	}
	data.webhook = { url, authToken, signature: signatureOf(inputs), subscriptions: made };
	return true;
}

export async function deleteWebhook(this: IHookFunctions): Promise<boolean> {
	await unsubscribe(this, staticData(this));
	return true;
}

// ---------- deliveries ----------

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** The token a delivery presents: `Authorization: Bearer <t>` or a bare token (UNCONFIRMED which one Workfront sends). */
export function presentedToken(header: unknown): string | undefined {
	const raw = Array.isArray(header) ? header[0] : header;
	if (typeof raw !== 'string') return undefined;
	const text = raw.trim();
	const bearer = /^bearer\s+(.+)$/i.exec(text);
	const token = (bearer ? bearer[1] : text).trim();
	return token === '' ? undefined : token;
}

/** Constant-time comparison (of digests, so lengths never leak either). */
export function tokensMatch(presented: string | undefined, expected: string | undefined): boolean {
	if (!presented || !expected) return false;
	return timingSafeEqual(digest(presented), digest(expected));
}

function decodeState(value: unknown): IDataObject {
	if (value === undefined || value === null) return {};
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return {};
		const json = text.startsWith('{') ? text : Buffer.from(text, 'base64').toString('utf8');
		try {
			const parsed = JSON.parse(json) as unknown;
			return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : { value: parsed as IDataObject[string] };
		} catch {
			return { raw: value };
		}
	}
	return typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { value: value as IDataObject[string] };
}

function eventTimeIso(value: unknown): string | null {
	if (value && typeof value === 'object') {
		const time = value as IDataObject;
		const seconds = Number(time.epochSecond);
		if (!Number.isFinite(seconds)) return null;
		const nano = Number(time.nano ?? 0) || 0;
		return new Date(seconds * 1000 + Math.floor(nano / 1_000_000)).toISOString();
	}
	if (typeof value === 'number' || typeof value === 'string') {
		const date = new Date(value);
		return Number.isNaN(date.getTime()) ? null : date.toISOString();
	}
	return null;
}

/** Fields whose values differ between the two states; custom fields are named one by one (DE:…). */
export function changedFields(newState: IDataObject, oldState: IDataObject): string[] {
	const changed: string[] = [];
	const keys = new Set([...Object.keys(newState), ...Object.keys(oldState)]);
	for (const key of keys) {
		const after = newState[key];
		const before = oldState[key];
		const nested = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
		if (key === 'parameterValues' && (nested(after) || nested(before))) {
			const a = (nested(after) ? after : {}) as IDataObject;
			const b = (nested(before) ? before : {}) as IDataObject;
			for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) if (!isDeepEqual(a[name], b[name])) changed.push(name);
			continue;
		}
		if (!isDeepEqual(after, before)) changed.push(key);
	}
	return changed.sort();
}

function deliveryKey(body: IDataObject, objID: unknown): string {
	const time = body.eventTime && typeof body.eventTime === 'object' ? stableJson(body.eventTime) : String(body.eventTime ?? '');
	return `${String(body.subscriptionId ?? '')}|${String(body.eventType ?? '')}|${String(objID ?? '')}|${time}`;
}

/** True when this delivery was already received within the window; remembers it otherwise. */
function isRepeat(data: NodeStaticData, key: string, now: number): boolean {
	const recent = (data.recentDeliveries ??= {});
	for (const [seen, at] of Object.entries(recent)) if (now - Number(at) > DUPLICATE_WINDOW_MS) delete recent[seen];
	if (key in recent) return true;
	recent[key] = now;
	const keys = Object.keys(recent);
	if (keys.length > DUPLICATE_MEMORY) {
		keys.sort((a, b) => Number(recent[a]) - Number(recent[b]));
		for (const old of keys.slice(0, keys.length - DUPLICATE_MEMORY)) delete recent[old];
	}
	return false;
}

function refuse(context: IWebhookFunctions): IWebhookResponseData {
	const res = context.getResponseObject();
	const body = JSON.stringify({ message: 'Authorization failed: the token does not match this trigger\'s subscription' });
	res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' });
	res.end(body);
	return { noWebhookResponse: true };
}

export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const data = staticData(this);
	const headers = this.getHeaderData();
	if (!tokensMatch(presentedToken(headers.authorization), data.webhook?.authToken)) return refuse(this);
	const body = this.getBodyData();
	if (typeof body?.eventType !== 'string') return { webhookResponse: { received: true } };
	const newState = decodeState(body.newState);
	const oldState = decodeState(body.oldState);
	const objCode = newState.objCode ?? oldState.objCode ?? null;
	const objID = newState.ID ?? oldState.ID ?? null;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	if (options.ignoreOwnChanges === true) {
		const actor = body.eventType === 'CREATE' ? newState.enteredByID ?? newState.lastUpdatedByID : newState.lastUpdatedByID;
		const { userId } = await getConnection(this);
		if (userId && actor === userId) return { webhookResponse: { received: true, ignored: 'own change' } };
	}
	if (options.dropDuplicates !== false && isRepeat(data, deliveryKey(body, objID), Date.now())) {
		return { webhookResponse: { received: true, ignored: 'duplicate delivery' } };
	}
	const event: IDataObject = {
		eventType: body.eventType,
		subscriptionId: body.subscriptionId ?? null,
		eventTime: eventTimeIso(body.eventTime),
		objCode,
		objID,
		newState,
		oldState,
	};
	if (body.eventType === 'UPDATE') event.changedFields = changedFields(newState, oldState);
	for (const key of ['eventVersion', 'subscriptionVersion', 'customerId', 'userId']) if (body[key] !== undefined) event[key] = body[key];
	return { workflowData: [this.helpers.returnJsonArray([event])] };
}
