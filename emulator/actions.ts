/**
 * Object actions (`PUT /<obj>/<ID>/<action>`, `PUT /<obj>?action=<action>&ID=…`), copy (`POST /<obj>?copySourceID=…`),
 * conversions (issue → project/task, task → project) and sharing. Each changes the store the way Workfront would,
 * as far as the emulated objects go; see the README's "Where the emulator guesses".
 */
import type { RequestContext } from './context';
import { attachedCategoryIds } from './customdata';
import { formatDateTime } from './dates';
import { badJson, invalid, notFound, unknownAction } from './errors';
import { projectRecord, type Projection } from './fields';
import { first, type ParsedRequest } from './params';
import { ACCESSOR_TYPES, CORE_ACTIONS, objByCode, type ObjDef } from './schema';
import { createRecord, deleteRecord, updateRecord } from './writes';
import type { Rec } from './types';

/** Parameters that are never action arguments. */
const NOT_ARGUMENTS = new Set(['method', 'fields', 'action', 'ID', 'id', 'sessionID', 'sessionid', 'apiKey', 'updates', 'copySourceID']);

type Args = Record<string, unknown>;

function isPlainObject(value: unknown): value is Rec {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Action arguments: query and form parameters (JSON-looking values parsed) plus a JSON object body. */
export function actionArguments(req: ParsedRequest): Args {
	const args: Args = {};
	for (const [key, values] of req.params) {
		if (NOT_ARGUMENTS.has(key) || key.startsWith('$$')) continue;
		const parsed = values.map((value) => {
			const text = value.trim();
			if (!/^[[{]/.test(text)) return value;
			try {
				return JSON.parse(text) as unknown;
			} catch (e) {
				throw badJson(`the argument ${key}`, (e as Error).message);
			}
		});
		args[key] = parsed.length === 1 ? parsed[0] : parsed;
	}
	if (isPlainObject(req.updates)) Object.assign(args, req.updates);
	return args;
}

function text(args: Args, name: string): string | undefined {
	const value = args[name];
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') throw invalid(`The argument ${name} must be a string`);
	return String(value);
}

function required(args: Args, name: string, action: string): string {
	const value = text(args, name);
	if (value === undefined) throw invalid(`The action ${action} needs the argument ${name}`);
	return value;
}

function idList(args: Args, name: string): string[] {
	const value = args[name];
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value) ? value : String(value).split(',');
	return list.map((entry) => String(entry).trim()).filter(Boolean);
}

function flag(args: Args, name: string, fallback: boolean): boolean {
	const value = args[name];
	if (value === undefined || value === null || value === '') return fallback;
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	throw invalid(`The argument ${name} must be true or false`);
}

function optionList(args: Args): string[] {
	const value = args.options;
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
	throw invalid('options must be a JSON array of option names, e.g. ["clearAssignments"]');
}

function mustExist(ctx: RequestContext, objCode: string, id: string, argument: string): Rec {
	const found = ctx.store.get(objCode, id);
	if (!found) throw invalid(`${argument}: there is no ${objByCode(objCode)?.name ?? objCode} with ID ${id}`);
	return found;
}

const SUCCESS = { success: true };

// ---------- assignments ----------

function workKey(def: ObjDef): 'taskID' | 'opTaskID' {
	return def.objCode === 'TASK' ? 'taskID' : 'opTaskID';
}

function assignmentsOf(ctx: RequestContext, def: ObjDef, id: string): Rec[] {
	const key = workKey(def);
	return ctx.store.all('ASSGN').filter((a) => a[key] === id);
}

function addAssignment(ctx: RequestContext, def: ObjDef, work: Rec, assignee: { userID?: string; roleID?: string }): void {
	const existing = assignmentsOf(ctx, def, work.ID as string);
	if (assignee.userID && existing.some((a) => a.assignedToID === assignee.userID)) return;
	if (assignee.roleID && !assignee.userID && existing.some((a) => a.roleID === assignee.roleID && !a.assignedToID)) return;
	const primary = assignee.userID !== undefined && (work.assignedToID === null || work.assignedToID === undefined);
	createRecord(objByCode('ASSGN')!, {
		[workKey(def)]: work.ID,
		...(assignee.userID ? { assignedToID: assignee.userID } : {}),
		...(assignee.roleID ? { roleID: assignee.roleID } : {}),
		isPrimary: primary,
	}, ctx);
	if (primary) ctx.store.update(def.objCode, work.ID as string, { assignedToID: assignee.userID });
}

function assign(ctx: RequestContext, def: ObjDef, work: Rec, args: Args): unknown {
	const objID = required(args, 'objID', 'assign');
	const objCode = (text(args, 'objCode') ?? 'USER').toUpperCase();
	if (objCode === 'USER') addAssignment(ctx, def, work, { userID: mustExist(ctx, 'USER', objID, 'objID').ID as string });
	else if (objCode === 'ROLE') addAssignment(ctx, def, work, { roleID: mustExist(ctx, 'ROLE', objID, 'objID').ID as string });
	else if (objCode === 'TEAMOB') {
		mustExist(ctx, 'TEAMOB', objID, 'objID');
		throw invalid('Assigning a team is not emulated; assign users or job roles');
	} else throw invalid(`objCode must be USER, ROLE or TEAMOB (got ${objCode})`);
	return SUCCESS;
}

function assignMultiple(ctx: RequestContext, def: ObjDef, work: Rec, args: Args): unknown {
	const users = idList(args, 'userIDs');
	const roles = idList(args, 'roleIDs');
	if (text(args, 'teamID')) throw invalid('Assigning a team is not emulated; assign users or job roles');
	if (!users.length && !roles.length) throw invalid('The action assignMultiple needs userIDs and/or roleIDs');
	for (const id of users) mustExist(ctx, 'USER', id, 'userIDs');
	for (const id of roles) mustExist(ctx, 'ROLE', id, 'roleIDs');
	for (const userID of users) addAssignment(ctx, def, work, { userID });
	for (const roleID of roles) addAssignment(ctx, def, work, { roleID });
	return SUCCESS;
}

function unassign(ctx: RequestContext, def: ObjDef, work: Rec, args: Args): unknown {
	const userID = required(args, 'userID', 'unassign');
	const mine = assignmentsOf(ctx, def, work.ID as string).filter((a) => a.assignedToID === userID);
	if (!mine.length) throw invalid(`User ${userID} is not assigned to this ${def.name}`);
	for (const a of mine) ctx.store.remove('ASSGN', a.ID as string);
	if (work.assignedToID === userID) {
		const next = assignmentsOf(ctx, def, work.ID as string).find((a) => typeof a.assignedToID === 'string');
		ctx.store.update(def.objCode, work.ID as string, { assignedToID: next?.assignedToID ?? null });
		if (next) ctx.store.update('ASSGN', next.ID as string, { isPrimary: true });
	}
	return SUCCESS;
}

// ---------- move, done, templates, approvals ----------

function moveTask(ctx: RequestContext, task: Rec, projectID: string, parentID: string | null): void {
	const store = ctx.store;
	const descendants: Rec[] = [];
	const walk = (id: string) => {
		for (const child of store.all('TASK').filter((t) => t.parentID === id)) {
			descendants.push(child);
			walk(child.ID as string);
		}
	};
	walk(task.ID as string);
	if (parentID && (parentID === task.ID || descendants.some((d) => d.ID === parentID))) throw invalid('parentID: a task cannot be moved under itself or its subtasks');
	const stamp = formatDateTime(store.clock.now());
	store.update('TASK', task.ID as string, { projectID, parentID, lastUpdateDate: stamp, lastUpdatedByID: ctx.userId });
	for (const d of descendants) store.update('TASK', d.ID as string, { projectID });
	const moved = new Set([task.ID, ...descendants.map((d) => d.ID)]);
	for (const code of ['ASSGN', 'HOUR', 'DOCU', 'NOTE']) {
		for (const r of store.all(code).filter((row) => moved.has(row.taskID))) store.update(code, r.ID as string, { projectID });
	}
}

function move(ctx: RequestContext, def: ObjDef, work: Rec, args: Args): unknown {
	const projectID = required(args, 'projectID', 'move');
	mustExist(ctx, 'PROJ', projectID, 'projectID');
	if (def.objCode === 'OPTASK') {
		ctx.store.update('OPTASK', work.ID as string, { projectID, lastUpdateDate: formatDateTime(ctx.store.clock.now()) });
		for (const code of ['ASSGN', 'HOUR', 'DOCU', 'NOTE']) {
			for (const r of ctx.store.all(code).filter((row) => row.opTaskID === work.ID)) ctx.store.update(code, r.ID as string, { projectID });
		}
		return SUCCESS;
	}
	const parentID = text(args, 'parentID') ?? null;
	if (parentID && mustExist(ctx, 'TASK', parentID, 'parentID').projectID !== projectID) throw invalid('parentID: the parent task must be in the target project');
	moveTask(ctx, work, projectID, parentID);
	return SUCCESS;
}

function markDone(ctx: RequestContext, def: ObjDef, work: Rec, args: Args): unknown {
	updateRecord(def, work.ID as string, { status: text(args, 'status') ?? 'CPL' }, ctx);
	return SUCCESS;
}

function markNotDone(ctx: RequestContext, def: ObjDef, work: Rec): unknown {
	updateRecord(def, work.ID as string, { status: 'INP', percentComplete: 0, actualCompletionDate: null }, ctx);
	return SUCCESS;
}

/** Creates the template's tasks in the project (hierarchy kept); returns the new task IDs. */
function addTemplateTasks(ctx: RequestContext, projectID: string, templateID: string, parentTaskID: string | null): string[] {
	const ttsks = ctx.store.all('TTSK').filter((t) => t.templateID === templateID);
	const created = new Map<string, string>();
	const pending = [...ttsks];
	while (pending.length) {
		const index = pending.findIndex((t) => !t.parentID || created.has(t.parentID as string) || !ttsks.some((o) => o.ID === t.parentID));
		const [ttsk] = pending.splice(index < 0 ? 0 : index, 1);
		const parent = typeof ttsk.parentID === 'string' ? created.get(ttsk.parentID) : undefined;
		const task = createRecord(objByCode('TASK')!, {
			name: ttsk.name,
			description: ttsk.description ?? null,
			workRequired: ttsk.workRequired ?? 0,
			projectID,
			parentID: parent ?? parentTaskID,
		}, ctx);
		created.set(ttsk.ID as string, task.ID as string);
	}
	return [...created.values()];
}

function attachTemplate(ctx: RequestContext, _def: ObjDef, project: Rec, args: Args): unknown {
	const templateID = required(args, 'templateID', 'attachTemplate');
	mustExist(ctx, 'TMPL', templateID, 'templateID');
	const parentTaskID = text(args, 'parentTaskID') ?? null;
	if (parentTaskID && mustExist(ctx, 'TASK', parentTaskID, 'parentTaskID').projectID !== project.ID) throw invalid('parentTaskID: the task must belong to this project');
	addTemplateTasks(ctx, project.ID as string, templateID, parentTaskID);
	if (!project.templateID) ctx.store.update('PROJ', project.ID as string, { templateID });
	return SUCCESS;
}

function approval(status: string | null) {
	return (ctx: RequestContext, def: ObjDef, rec: Rec): unknown => {
		ctx.store.update(def.objCode, rec.ID as string, { approvalStatus: status, lastUpdateDate: formatDateTime(ctx.store.clock.now()), lastUpdatedByID: ctx.userId });
		return SUCCESS;
	};
}

// ---------- sharing ----------

function share(ctx: RequestContext, def: ObjDef, rec: Rec, args: Args): unknown {
	const accessorID = required(args, 'accessorID', 'share');
	const accessorObjCode = (text(args, 'accessorObjCode') ?? 'USER').toUpperCase();
	if (!ACCESSOR_TYPES.some(([code]) => code === accessorObjCode)) {
		throw invalid(`accessorObjCode must be one of ${ACCESSOR_TYPES.map(([code]) => code).join(', ')} (got ${accessorObjCode})`);
	}
	mustExist(ctx, accessorObjCode, accessorID, 'accessorID');
	const coreAction = (text(args, 'coreAction') ?? 'VIEW').toUpperCase();
	if (!CORE_ACTIONS.some(([code]) => code === coreAction)) {
		throw invalid(`coreAction must be one of ${CORE_ACTIONS.map(([code]) => code).join(', ')} (got ${coreAction})`);
	}
	const existing = ctx.store.all('ACSRUL').find((r) => r.securityObjID === rec.ID && r.accessorID === accessorID);
	if (existing) ctx.store.update('ACSRUL', existing.ID as string, { coreAction, accessorObjCode });
	else createRecord(objByCode('ACSRUL')!, { accessorID, accessorObjCode, coreAction, securityObjID: rec.ID, securityObjCode: def.objCode }, ctx);
	return SUCCESS;
}

function unshare(ctx: RequestContext, _def: ObjDef, rec: Rec, args: Args): unknown {
	const accessorID = required(args, 'accessorID', 'unshare');
	const accessorObjCode = text(args, 'accessorObjCode')?.toUpperCase();
	for (const r of ctx.store.all('ACSRUL').filter((x) => x.securityObjID === rec.ID && x.accessorID === accessorID && (!accessorObjCode || x.accessorObjCode === accessorObjCode))) {
		ctx.store.remove('ACSRUL', r.ID as string);
	}
	return SUCCESS;
}

// ---------- conversions ----------

const CONVERT_OPTIONS = new Set(['preserveIssue', 'preservePrimaryContact', 'preserveCompletionDate']);

/** Forms of the source that can also be attached to the target type, and the values of their fields. */
function carriedCustomData(ctx: RequestContext, source: Rec, target: ObjDef): Rec {
	const forms = attachedCategoryIds(ctx.store, source).filter((id) => ctx.store.get('CTGY', id)?.catObjCode === target.objCode);
	if (!forms.length) return {};
	const params = new Set(ctx.store.all('CATP').filter((c) => forms.includes(c.categoryID as string)).map((c) => ctx.store.get('PARAM', c.parameterID as string)?.name));
	const out: Rec = { objectCategories: forms.map((categoryID) => ({ categoryID })) };
	for (const [key, value] of Object.entries(source)) if (key.startsWith('DE:') && params.has(key.slice(3))) out[key] = value;
	return out;
}

function convert(target: 'PROJ' | 'TASK') {
	return (ctx: RequestContext, def: ObjDef, source: Rec, args: Args): unknown => {
		const action = target === 'PROJ' ? 'convertToProject' : 'convertToTask';
		const key = target === 'PROJ' ? 'project' : 'task';
		const given = args[key] ?? {};
		if (!isPlainObject(given)) throw invalid(`The argument ${key} must be a JSON object with the new ${target === 'PROJ' ? 'project' : 'task'}'s fields`);
		const options = optionList(args);
		const bad = options.filter((o) => !CONVERT_OPTIONS.has(o));
		if (bad.length) throw invalid(`Unknown ${action} option(s) ${bad.join(', ')}; valid: ${[...CONVERT_OPTIONS].join(', ')}`);
		const targetDef = objByCode(target)!;
		const fields: Rec = {};
		if (flag(args, 'copyNativeFields', true)) {
			for (const name of ['name', 'description', 'priority']) if (source[name] !== undefined && source[name] !== null) fields[name] = source[name];
			if (def.objCode === 'TASK') for (const name of ['plannedStartDate', 'plannedCompletionDate']) if (source[name]) fields[name] = source[name];
		}
		if (options.includes('preserveCompletionDate') && source.plannedCompletionDate) fields.plannedCompletionDate = source.plannedCompletionDate;
		if (target === 'PROJ') fields.ownerID = options.includes('preservePrimaryContact') && source.ownerID ? source.ownerID : ctx.userId;
		if (target === 'TASK') fields.projectID = source.projectID;
		if (flag(args, 'copyCategories', true)) Object.assign(fields, carriedCustomData(ctx, source, targetDef));
		const { templateID, ...rest } = given;
		Object.assign(fields, rest);
		if (target === 'PROJ' && templateID !== undefined && templateID !== null) {
			if (typeof templateID !== 'string') throw invalid('project.templateID must be a template ID');
			mustExist(ctx, 'TMPL', templateID, 'project.templateID');
			fields.templateID = templateID;
		}
		const created = createRecord(targetDef, fields, ctx);
		if (typeof fields.templateID === 'string') addTemplateTasks(ctx, created.ID as string, fields.templateID, null);
		if (def.objCode === 'OPTASK') {
			const link: Rec = { convertedOpTaskID: source.ID };
			if (target === 'PROJ') link.convertedOpTaskName = source.name ?? null;
			ctx.store.update(target, created.ID as string, link);
			if (options.includes('preserveIssue')) {
				ctx.store.update('OPTASK', source.ID as string, {
					resolvingObjCode: target,
					resolvingObjID: created.ID,
					resolveProjectID: target === 'PROJ' ? created.ID : null,
					resolveTaskID: target === 'TASK' ? created.ID : null,
					lastUpdateDate: formatDateTime(ctx.store.clock.now()),
				});
			} else {
				deleteRecord(def, source.ID as string, true, ctx);
			}
		}
		return { result: created.ID };
	};
}

// ---------- dispatch ----------

type Handler = (ctx: RequestContext, def: ObjDef, rec: Rec, args: Args) => unknown;

const WORK = ['TASK', 'OPTASK'];
const APPROVABLE = ['PROJ', 'TASK', 'OPTASK'];

const ACTIONS: Record<string, { types: string[] | 'any'; run: Handler }> = {
	assign: { types: WORK, run: assign },
	assignMultiple: { types: WORK, run: assignMultiple },
	unassign: { types: WORK, run: unassign },
	move: { types: WORK, run: move },
	markDone: { types: WORK, run: markDone },
	markNotDone: { types: WORK, run: markNotDone },
	attachTemplate: { types: ['PROJ'], run: attachTemplate },
	calculateTimeline: { types: ['PROJ'], run: () => SUCCESS },
	calculateFinance: { types: ['PROJ'], run: () => SUCCESS },
	calculateDataExtension: { types: ['PROJ', 'TASK', 'OPTASK'], run: () => SUCCESS },
	approveApproval: { types: APPROVABLE, run: approval('APPROVED') },
	rejectApproval: { types: APPROVABLE, run: approval('REJECTED') },
	recallApproval: { types: APPROVABLE, run: approval(null) },
	share: { types: 'any', run: share },
	unshare: { types: 'any', run: unshare },
	convertToProject: { types: ['OPTASK', 'TASK'], run: convert('PROJ') },
	convertToTask: { types: ['OPTASK'], run: convert('TASK') },
};

/** Runs one action on one record, all or nothing. */
export function handleAction(def: ObjDef, id: string, action: string, req: ParsedRequest, ctx: RequestContext, onWrite: (n: number) => void): unknown {
	const entry = Object.prototype.hasOwnProperty.call(ACTIONS, action) ? ACTIONS[action] : undefined;
	if (!entry || def.readOnly || (entry.types !== 'any' && !entry.types.includes(def.objCode))) throw unknownAction(ctx.apiVersion, action, def.name);
	if (req.method !== 'PUT') throw unknownAction(ctx.apiVersion, action, def.name);
	const rec = ctx.store.get(def.objCode, id);
	if (!rec) throw notFound(`${def.name} with ID ${id} was not found`);
	const args = actionArguments(req);
	const result = ctx.store.transaction(() => entry.run(ctx, def, rec, args));
	onWrite(1);
	return result;
}

// ---------- copy ----------

const TASK_COPY_OPTIONS = [
	'clearApprovers', 'clearAssignments', 'clearConstraints', 'clearCustomData', 'clearDocuments', 'clearExpenses',
	'clearFinancials', 'clearPermissions', 'clearPredecessors', 'clearProgress', 'clearTimedNotifications',
];
const PROJECT_COPY_OPTIONS = [
	...TASK_COPY_OPTIONS, 'clearBillingRates', 'clearDeliverables', 'clearHourTypes', 'clearIssueSetup', 'clearRisks', 'clearSharingOptions',
];
/** The copy options each object type accepts (others are refused). */
export const COPY_OPTIONS: Record<string, string[]> = {
	TASK: TASK_COPY_OPTIONS,
	OPTASK: ['clearAssignments', 'clearCustomData', 'clearDocuments', 'clearPermissions', 'clearProgress', 'clearUpdates'],
	PROJ: PROJECT_COPY_OPTIONS,
	TMPL: PROJECT_COPY_OPTIONS,
};

const COPYABLE = new Set(['PROJ', 'TASK', 'OPTASK', 'TMPL', 'DOCU', 'PORT', 'PRGM', 'TTSK', 'NOTE', 'HOUR', 'EXPNS', 'CMPY', 'GROUP', 'TEAMOB', 'ROLE', 'HOURT']);
const PROGRESS_FIELDS = ['actualStartDate', 'actualCompletionDate'];

/** The writable direct fields of a record, plus its custom data unless cleared. */
function cloneInput(ctx: RequestContext, def: ObjDef, source: Rec, clearCustomData: boolean): Rec {
	const input: Rec = {};
	for (const f of Object.values(def.fields)) {
		if (f.readOnly || f.name === 'ID') continue;
		const value = source[f.name];
		if (value !== undefined && value !== null) input[f.name] = value;
	}
	if (def.customData && !clearCustomData) {
		const forms = attachedCategoryIds(ctx.store, source);
		if (forms.length) input.objectCategories = forms.map((categoryID) => ({ categoryID }));
		for (const [key, value] of Object.entries(source)) if (key.startsWith('DE:')) input[key] = value;
	} else if (def.customData) delete input.categoryID;
	return input;
}

function copyOne(ctx: RequestContext, def: ObjDef, source: Rec, overrides: Rec, options: Set<string>): Rec {
	const input = cloneInput(ctx, def, source, options.has('clearCustomData'));
	if ((def.objCode === 'TASK' || def.objCode === 'OPTASK') && options.has('clearProgress')) {
		input.status = 'NEW';
		input.percentComplete = 0;
		for (const f of PROGRESS_FIELDS) delete input[f];
	}
	if (def.objCode === 'TASK' || def.objCode === 'OPTASK') delete input.assignedToID;
	if (def.objCode === 'TASK' && overrides.projectID !== undefined && overrides.projectID !== source.projectID && overrides.parentID === undefined) delete input.parentID;
	const copy = createRecord(def, { ...input, ...overrides }, ctx);
	if ((def.objCode === 'TASK' || def.objCode === 'OPTASK') && !options.has('clearAssignments')) {
		for (const a of assignmentsOf(ctx, def, source.ID as string)) {
			addAssignment(ctx, def, copy, typeof a.assignedToID === 'string' ? { userID: a.assignedToID } : { roleID: a.roleID as string });
		}
	}
	if (!options.has('clearDocuments') && (def.objCode === 'TASK' || def.objCode === 'OPTASK' || def.objCode === 'PROJ')) {
		for (const doc of ctx.store.all('DOCU').filter((d) => d.docObjCode === def.objCode && d.objID === source.ID)) {
			createRecord(objByCode('DOCU')!, { name: doc.name, description: doc.description ?? null, docObjCode: def.objCode, objID: copy.ID }, ctx);
		}
	}
	if (!options.has('clearPermissions')) {
		for (const rule of ctx.store.all('ACSRUL').filter((r) => r.securityObjID === source.ID)) {
			createRecord(objByCode('ACSRUL')!, { accessorID: rule.accessorID, accessorObjCode: rule.accessorObjCode, coreAction: rule.coreAction, securityObjID: copy.ID, securityObjCode: def.objCode }, ctx);
		}
	}
	return copy;
}

/** Copies a task's subtasks under the copy, recursively. */
function copySubtasks(ctx: RequestContext, sourceId: string, copy: Rec, options: Set<string>): void {
	const taskDef = objByCode('TASK')!;
	for (const child of ctx.store.all('TASK').filter((t) => t.parentID === sourceId)) {
		const childCopy = copyOne(ctx, taskDef, child, { projectID: copy.projectID, parentID: copy.ID }, options);
		copySubtasks(ctx, child.ID as string, childCopy, options);
	}
}

/** `POST /<obj>?copySourceID=<ID>` with new field values and `options=[…]`. */
export function handleCopy(def: ObjDef, sourceId: string, req: ParsedRequest, fieldParams: Rec, ctx: RequestContext, proj: Projection | null, onWrite: (n: number) => void): unknown {
	if (!COPYABLE.has(def.objCode)) throw unknownAction(ctx.apiVersion, 'copy', def.name);
	const source = ctx.store.get(def.objCode, sourceId);
	if (!source) throw notFound(`${def.name} with ID ${sourceId} was not found (copySourceID)`);
	if (Array.isArray(req.updates)) throw invalid('A copy takes one updates object, not an array');
	if (req.updates !== undefined && !isPlainObject(req.updates)) throw invalid('updates must be a JSON object');
	let options: string[] = [];
	const rawOptions = first(req.params, 'options');
	if (rawOptions !== undefined && rawOptions.trim() !== '') {
		try {
			const parsed: unknown = rawOptions.trim().startsWith('[') ? JSON.parse(rawOptions) : rawOptions.split(',');
			if (!Array.isArray(parsed)) throw new Error('not an array');
			options = parsed.map((o) => String(o).trim()).filter(Boolean);
		} catch (e) {
			throw badJson('options', (e as Error).message);
		}
	}
	const allowed = COPY_OPTIONS[def.objCode] ?? [];
	const bad = options.filter((o) => !allowed.includes(o));
	if (bad.length) {
		throw invalid(`Unknown copy option(s) for ${def.name}: ${bad.join(', ')}${allowed.length ? `; valid: ${allowed.join(', ')}` : '; this object type takes no copy options'}`);
	}
	const set = new Set(options);
	const overrides: Rec = { ...fieldParams, ...((req.updates as Rec | undefined) ?? {}) };
	delete overrides.options;
	const copy = ctx.store.transaction(() => {
		const created = copyOne(ctx, def, source, overrides, set);
		if (def.objCode === 'TASK') copySubtasks(ctx, sourceId, created, set);
		if (def.objCode === 'PROJ') {
			const taskDef = objByCode('TASK')!;
			for (const top of ctx.store.all('TASK').filter((t) => t.projectID === sourceId && !t.parentID)) {
				const topCopy = copyOne(ctx, taskDef, top, { projectID: created.ID, parentID: null }, set);
				copySubtasks(ctx, top.ID as string, topCopy, set);
			}
		}
		if (def.objCode === 'TMPL') {
			const map = new Map<string, string>();
			const ttsks = ctx.store.all('TTSK').filter((t) => t.templateID === sourceId);
			for (const t of ttsks) map.set(t.ID as string, createRecord(objByCode('TTSK')!, { name: t.name, description: t.description ?? null, duration: t.duration, workRequired: t.workRequired, templateID: created.ID }, ctx).ID as string);
			for (const t of ttsks) if (typeof t.parentID === 'string' && map.has(t.parentID)) ctx.store.update('TTSK', map.get(t.ID as string)!, { parentID: map.get(t.parentID) });
		}
		return ctx.store.get(def.objCode, created.ID as string)!;
	});
	onWrite(1);
	return projectRecord(copy, def, proj, ctx);
}
