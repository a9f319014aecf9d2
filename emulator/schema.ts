/**
 * Object model of the emulated Workfront API: object types, their direct fields, references and collections.
 * A realistic subset of each object; names follow the Workfront API Explorer.
 */

export type FieldType = 'string' | 'int' | 'double' | 'currency' | 'boolean' | 'date' | 'dateTime';

export type EnumOption = readonly [value: string | number, label: string];

export interface FieldDef {
	name: string;
	label: string;
	type: FieldType;
	enumType?: string;
	options?: readonly EnumOption[];
	readOnly?: boolean;
	required?: boolean;
	unique?: boolean;
	defaultValue?: unknown;
	groupable?: boolean;
}

export interface RefDef {
	name: string;
	label: string;
	objCode: string;
	idField: string;
}

export interface CollDef {
	name: string;
	label: string;
	objCode: string;
	/** Field of the collection's records that holds this object's ID. */
	foreignKey: string;
}

export interface Dependent {
	objCode: string;
	foreignKey: string;
	/** Deleting the parent without force=true is refused while such records exist. */
	needsForce: boolean;
}

export interface ObjDef {
	objCode: string;
	/** API name, used in error messages ("… (Project)"). */
	name: string;
	label: string;
	pluralLabel: string;
	/** Path segments (lower case) that address this type besides the objCode. */
	aliases: string[];
	fields: Record<string, FieldDef>;
	references: Record<string, RefDef>;
	collections: Record<string, CollDef>;
	defaultFields: string[];
	/** Each inner list: at least one of these fields must be set. */
	requiredOneOf: string[][];
	queries: string[];
	/** Supports custom forms (DE: fields, parameterValues, objectCategories). */
	customData: boolean;
	/** No writes (e.g. WORK). */
	readOnly: boolean;
	/** Records are not stored under this objCode (WORK is a view over TASK and OPTASK). */
	virtual: boolean;
	dependents: Dependent[];
}

// ---------- builders ----------

type FieldOpts = Partial<Omit<FieldDef, 'name' | 'label' | 'type'>>;
type Part = { kind: 'field'; def: FieldDef } | { kind: 'ref'; field: FieldDef; ref: RefDef } | { kind: 'coll'; def: CollDef };

function field(type: FieldType) {
	return (name: string, label: string, opts: FieldOpts = {}): Part => ({ kind: 'field', def: { name, label, type, ...opts } });
}
const str = field('string');
const int = field('int');
const dbl = field('double');
const cur = field('currency');
const bool = field('boolean');
const date = field('date');
const dt = field('dateTime');

function enumStr(name: string, label: string, enumType: string, options: readonly EnumOption[], opts: FieldOpts = {}): Part {
	return { kind: 'field', def: { name, label, type: 'string', enumType, options, ...opts } };
}
function enumInt(name: string, label: string, enumType: string, options: readonly EnumOption[], opts: FieldOpts = {}): Part {
	return { kind: 'field', def: { name, label, type: 'int', enumType, options, ...opts } };
}

/** A reference plus its ID field (`owner` + `ownerID`). */
function ref(name: string, label: string, objCode: string, opts: FieldOpts = {}, idField = name + 'ID'): Part {
	return {
		kind: 'ref',
		field: { name: idField, label: label + ' ID', type: 'string', groupable: false, ...opts },
		ref: { name, label, objCode, idField },
	};
}
function coll(name: string, label: string, objCode: string, foreignKey: string): Part {
	return { kind: 'coll', def: { name, label, objCode, foreignKey } };
}

interface ObjSpec {
	objCode: string;
	name: string;
	label: string;
	pluralLabel: string;
	aliases: string[];
	parts: Part[];
	defaults: string[];
	requiredOneOf?: string[][];
	queries?: string[];
	customData?: boolean;
	readOnly?: boolean;
	virtual?: boolean;
	dependents?: Dependent[];
	/** Leave out the common audit fields (entryDate, enteredBy…). */
	noAudit?: boolean;
}

function auditParts(): Part[] {
	return [
		str('ID', 'ID', { readOnly: true, groupable: false }),
		dt('entryDate', 'Entry Date', { readOnly: true }),
		dt('lastUpdateDate', 'Last Update Date', { readOnly: true }),
		ref('enteredBy', 'Entered By', 'USER', { readOnly: true }),
		ref('lastUpdatedBy', 'Last Updated By', 'USER', { readOnly: true }),
		str('extRefID', 'External Reference ID'),
	];
}

function defineObject(spec: ObjSpec): ObjDef {
	const def: ObjDef = {
		objCode: spec.objCode,
		name: spec.name,
		label: spec.label,
		pluralLabel: spec.pluralLabel,
		aliases: spec.aliases.map((a) => a.toLowerCase()),
		fields: {},
		references: {},
		collections: {},
		defaultFields: spec.defaults,
		requiredOneOf: spec.requiredOneOf ?? [],
		queries: spec.queries ?? [],
		customData: spec.customData ?? false,
		readOnly: spec.readOnly ?? false,
		virtual: spec.virtual ?? false,
		dependents: spec.dependents ?? [],
	};
	const base = spec.noAudit ? [str('ID', 'ID', { readOnly: true, groupable: false })] : auditParts();
	const parts = [...base, ...spec.parts];
	if (def.customData) parts.push(ref('category', 'Custom Form', 'CTGY'), coll('objectCategories', 'Object Categories', 'OBJCAT', 'objID'));
	for (const p of parts) {
		if (p.kind === 'field') def.fields[p.def.name] = p.def;
		else if (p.kind === 'ref') {
			def.fields[p.field.name] = p.field;
			def.references[p.ref.name] = p.ref;
		} else def.collections[p.def.name] = p.def;
	}
	return def;
}

// ---------- enums ----------

const PRIORITY: EnumOption[] = [
	[0, 'None'],
	[1, 'Low'],
	[2, 'Normal'],
	[3, 'High'],
	[4, 'Urgent'],
];
const PROJECT_STATUS: EnumOption[] = [
	['CUR', 'Current'],
	['PLN', 'Planning'],
	['CPL', 'Complete'],
	['ONH', 'On Hold'],
	['DED', 'Dead'],
	['REQ', 'Requested'],
	['APR', 'Approved'],
	['REJ', 'Rejected'],
	['IDA', 'Idea'],
];
const TASK_STATUS: EnumOption[] = [
	['NEW', 'New'],
	['INP', 'In Progress'],
	['CPL', 'Complete'],
];
const ISSUE_STATUS: EnumOption[] = [
	['NEW', 'New'],
	['INP', 'In Progress'],
	['AWF', 'Awaiting Feedback'],
	['CPL', 'Complete'],
];
const SEVERITY: EnumOption[] = [
	[1, 'Cosmetic'],
	[2, 'Minor'],
	[3, 'Major'],
	[4, 'Severe'],
	[5, 'Critical'],
];
const OPTASK_TYPE: EnumOption[] = [
	['BUG', 'Bug Report'],
	['CHG', 'Change Order'],
	['ISU', 'Issue'],
	['REQ', 'Request'],
	['RSK', 'Risk'],
];
const CONDITION: EnumOption[] = [
	['ON', 'On Target'],
	['AR', 'At Risk'],
	['IT', 'In Trouble'],
];
const HOUR_STATUS: EnumOption[] = [
	['SUB', 'Submitted'],
	['APP', 'Approved'],
	['REJ', 'Rejected'],
];
const OBJ_CODES_WITH_NOTES: EnumOption[] = [
	['PROJ', 'Project'],
	['TASK', 'Task'],
	['OPTASK', 'Issue'],
	['DOCU', 'Document'],
	['PORT', 'Portfolio'],
	['PRGM', 'Program'],
	['USER', 'User'],
];
const CUSTOM_FORM_TYPES: EnumOption[] = [
	['PROJ', 'Project'],
	['TASK', 'Task'],
	['OPTASK', 'Issue'],
	['USER', 'User'],
	['PORT', 'Portfolio'],
	['PRGM', 'Program'],
	['DOCU', 'Document'],
	['CMPY', 'Company'],
	['EXPNS', 'Expense'],
];
const DISPLAY_TYPES: EnumOption[] = [
	['TEXT', 'Single-line text'],
	['TEXTAREA', 'Paragraph text'],
	['DROPDOWN', 'Drop-down'],
	['RADIO', 'Radio buttons'],
	['CHECKBOX', 'Checkboxes'],
	['MULTISELECT', 'Multi-select drop-down'],
	['DATE', 'Date'],
];
const DATA_TYPES: EnumOption[] = [
	['TEXT', 'Text'],
	['NMBR', 'Number'],
	['CURC', 'Currency'],
	['DATE', 'Date'],
];

/** Who a record can be shared with (access rules). */
export const ACCESSOR_TYPES: EnumOption[] = [
	['USER', 'User'],
	['TEAMOB', 'Team'],
	['GROUP', 'Group'],
	['ROLE', 'Job Role'],
	['CMPY', 'Company'],
];
/** Access levels of a share (the emulator's list; Workfront's exact set is unconfirmed). */
export const CORE_ACTIONS: EnumOption[] = [
	['VIEW', 'View'],
	['LIMITED_EDIT', 'Contribute'],
	['EDIT', 'Manage'],
];

/** Custom field display types whose values are lists (multi-selects). */
export const MULTI_VALUE_DISPLAY_TYPES = new Set(['CHECKBOX', 'MULTISELECT']);
/** Custom field display types restricted to the PARAM's options. */
export const OPTION_DISPLAY_TYPES = new Set(['DROPDOWN', 'RADIO', 'CHECKBOX', 'MULTISELECT']);

// ---------- objects ----------

const OBJECTS: ObjDef[] = [
	defineObject({
		objCode: 'PROJ',
		name: 'Project',
		label: 'Project',
		pluralLabel: 'Projects',
		aliases: ['project'],
		customData: true,
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			enumStr('status', 'Status', 'com.attask.common.constants.ProjectStatusEnum', PROJECT_STATUS, { defaultValue: 'PLN' }),
			enumInt('priority', 'Priority', 'com.attask.common.constants.PriorityEnum', PRIORITY, { defaultValue: 2 }),
			enumStr('condition', 'Condition', 'com.attask.common.constants.ConditionEnum', CONDITION, { defaultValue: 'ON' }),
			dt('plannedStartDate', 'Planned Start Date'),
			dt('plannedCompletionDate', 'Planned Completion Date'),
			dt('actualStartDate', 'Actual Start Date'),
			dt('actualCompletionDate', 'Actual Completion Date'),
			dbl('percentComplete', 'Percent Complete', { defaultValue: 0 }),
			cur('budget', 'Budget'),
			int('referenceNumber', 'Reference Number', { readOnly: true }),
			ref('owner', 'Project Owner', 'USER'),
			ref('sponsor', 'Sponsor', 'USER'),
			ref('portfolio', 'Portfolio', 'PORT'),
			ref('program', 'Program', 'PRGM'),
			ref('company', 'Company', 'CMPY'),
			ref('group', 'Group', 'GROUP'),
			ref('template', 'Template', 'TMPL'),
			str('approvalStatus', 'Approval Status', { readOnly: true }),
			ref('convertedOpTask', 'Converted Issue', 'OPTASK', { readOnly: true }),
			str('convertedOpTaskName', 'Converted Issue Name', { readOnly: true }),
			coll('accessRules', 'Access Rules', 'ACSRUL', 'securityObjID'),
			coll('tasks', 'Tasks', 'TASK', 'projectID'),
			coll('issues', 'Issues', 'OPTASK', 'projectID'),
			coll('hours', 'Hours', 'HOUR', 'projectID'),
			coll('documents', 'Documents', 'DOCU', 'projectID'),
			coll('expenses', 'Expenses', 'EXPNS', 'projectID'),
		],
		defaults: ['ID', 'name', 'objCode', 'percentComplete', 'plannedCompletionDate', 'plannedStartDate', 'priority', 'status'],
		dependents: [
			{ objCode: 'TASK', foreignKey: 'projectID', needsForce: true },
			{ objCode: 'OPTASK', foreignKey: 'projectID', needsForce: true },
			{ objCode: 'HOUR', foreignKey: 'projectID', needsForce: true },
			{ objCode: 'EXPNS', foreignKey: 'projectID', needsForce: true },
			{ objCode: 'DOCU', foreignKey: 'projectID', needsForce: false },
			{ objCode: 'NOTE', foreignKey: 'projectID', needsForce: false },
			{ objCode: 'ASSGN', foreignKey: 'projectID', needsForce: false },
			{ objCode: 'DOCFDR', foreignKey: 'projectID', needsForce: false },
			{ objCode: 'ACSRUL', foreignKey: 'securityObjID', needsForce: false },
		],
	}),
	defineObject({
		objCode: 'TASK',
		name: 'Task',
		label: 'Task',
		pluralLabel: 'Tasks',
		aliases: ['task'],
		customData: true,
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			enumStr('status', 'Status', 'com.attask.common.constants.TaskStatusEnum', TASK_STATUS, { defaultValue: 'NEW' }),
			enumInt('priority', 'Priority', 'com.attask.common.constants.PriorityEnum', PRIORITY, { defaultValue: 2 }),
			dbl('percentComplete', 'Percent Complete', { defaultValue: 0 }),
			dt('plannedStartDate', 'Planned Start Date'),
			dt('plannedCompletionDate', 'Planned Completion Date'),
			dt('actualStartDate', 'Actual Start Date'),
			dt('actualCompletionDate', 'Actual Completion Date'),
			int('workRequired', 'Planned Hours (minutes)', { defaultValue: 0 }),
			int('taskNumber', 'Task Number', { readOnly: true }),
			bool('isDurationLocked', 'Duration Locked', { defaultValue: false }),
			ref('project', 'Project', 'PROJ', { required: true }),
			ref('parent', 'Parent Task', 'TASK'),
			ref('assignedTo', 'Assigned To', 'USER'),
			ref('role', 'Job Role', 'ROLE'),
			str('approvalStatus', 'Approval Status', { readOnly: true }),
			ref('convertedOpTask', 'Converted Issue', 'OPTASK', { readOnly: true }),
			coll('accessRules', 'Access Rules', 'ACSRUL', 'securityObjID'),
			coll('children', 'Subtasks', 'TASK', 'parentID'),
			coll('assignments', 'Assignments', 'ASSGN', 'taskID'),
			coll('hours', 'Hours', 'HOUR', 'taskID'),
			coll('documents', 'Documents', 'DOCU', 'taskID'),
		],
		defaults: ['ID', 'name', 'objCode', 'percentComplete', 'plannedCompletionDate', 'plannedStartDate', 'priority', 'status'],
		dependents: [
			{ objCode: 'TASK', foreignKey: 'parentID', needsForce: false },
			{ objCode: 'ASSGN', foreignKey: 'taskID', needsForce: false },
			{ objCode: 'HOUR', foreignKey: 'taskID', needsForce: false },
			{ objCode: 'DOCU', foreignKey: 'taskID', needsForce: false },
			{ objCode: 'NOTE', foreignKey: 'taskID', needsForce: false },
			{ objCode: 'ACSRUL', foreignKey: 'securityObjID', needsForce: false },
		],
	}),
	defineObject({
		objCode: 'OPTASK',
		name: 'OpTask',
		label: 'Issue',
		pluralLabel: 'Issues',
		aliases: ['issue', 'opTask'],
		customData: true,
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			enumStr('status', 'Status', 'com.attask.common.constants.OpTaskStatusEnum', ISSUE_STATUS, { defaultValue: 'NEW' }),
			enumInt('priority', 'Priority', 'com.attask.common.constants.PriorityEnum', PRIORITY, { defaultValue: 2 }),
			enumInt('severity', 'Severity', 'com.attask.common.constants.SeverityEnum', SEVERITY, { defaultValue: 2 }),
			enumStr('opTaskType', 'Issue Type', 'com.attask.common.constants.OpTaskTypeEnum', OPTASK_TYPE, { defaultValue: 'ISU' }),
			dbl('percentComplete', 'Percent Complete', { defaultValue: 0 }),
			dt('plannedCompletionDate', 'Planned Completion Date'),
			dt('actualCompletionDate', 'Actual Completion Date'),
			int('referenceNumber', 'Reference Number', { readOnly: true }),
			ref('project', 'Project', 'PROJ', { required: true }),
			ref('assignedTo', 'Assigned To', 'USER'),
			ref('owner', 'Primary Contact', 'USER'),
			str('approvalStatus', 'Approval Status', { readOnly: true }),
			str('resolvingObjCode', 'Resolving Object Type', { readOnly: true }),
			str('resolvingObjID', 'Resolving Object ID', { readOnly: true, groupable: false }),
			ref('resolveProject', 'Resolving Project', 'PROJ', { readOnly: true }),
			ref('resolveTask', 'Resolving Task', 'TASK', { readOnly: true }),
			coll('accessRules', 'Access Rules', 'ACSRUL', 'securityObjID'),
			coll('assignments', 'Assignments', 'ASSGN', 'opTaskID'),
			coll('hours', 'Hours', 'HOUR', 'opTaskID'),
			coll('documents', 'Documents', 'DOCU', 'opTaskID'),
		],
		defaults: ['ID', 'name', 'objCode', 'plannedCompletionDate', 'priority', 'severity', 'status'],
		dependents: [
			{ objCode: 'ASSGN', foreignKey: 'opTaskID', needsForce: false },
			{ objCode: 'HOUR', foreignKey: 'opTaskID', needsForce: false },
			{ objCode: 'DOCU', foreignKey: 'opTaskID', needsForce: false },
			{ objCode: 'NOTE', foreignKey: 'opTaskID', needsForce: false },
			{ objCode: 'ACSRUL', foreignKey: 'securityObjID', needsForce: false },
		],
	}),
	defineObject({
		objCode: 'USER',
		name: 'User',
		label: 'User',
		pluralLabel: 'Users',
		aliases: ['user'],
		customData: true,
		parts: [
			str('firstName', 'First Name', { required: true }),
			str('lastName', 'Last Name', { required: true }),
			str('name', 'Name', { readOnly: true }),
			str('emailAddr', 'Email Address', { required: true }),
			str('username', 'Username', { unique: true }),
			str('title', 'Title'),
			str('phoneNumber', 'Phone Number'),
			bool('isActive', 'Is Active', { defaultValue: true }),
			str('timeZone', 'Time Zone', { defaultValue: 'UTC' }),
			str('locale', 'Locale', { defaultValue: 'en_US' }),
			str('customerID', 'Customer ID', { readOnly: true, groupable: false }),
			ref('company', 'Company', 'CMPY'),
			ref('homeGroup', 'Home Group', 'GROUP'),
			ref('role', 'Primary Job Role', 'ROLE'),
			ref('manager', 'Manager', 'USER'),
			coll('assignments', 'Assignments', 'ASSGN', 'assignedToID'),
		],
		defaults: ['ID', 'name', 'objCode', 'emailAddr'],
	}),
	defineObject({
		objCode: 'HOUR',
		name: 'Hour',
		label: 'Hour',
		pluralLabel: 'Hours',
		aliases: ['hour'],
		parts: [
			dbl('hours', 'Hours', { required: true }),
			date('entryDate', 'Entry Date'),
			enumStr('status', 'Status', 'com.attask.common.constants.HourStatusEnum', HOUR_STATUS, { defaultValue: 'SUB' }),
			str('description', 'Description'),
			ref('project', 'Project', 'PROJ'),
			ref('task', 'Task', 'TASK'),
			ref('opTask', 'Issue', 'OPTASK'),
			ref('owner', 'Owner', 'USER'),
			ref('hourType', 'Hour Type', 'HOURT'),
		],
		requiredOneOf: [['taskID', 'projectID', 'opTaskID']],
		defaults: ['ID', 'objCode', 'hours', 'entryDate', 'status', 'projectID', 'taskID', 'opTaskID', 'ownerID'],
	}),
	defineObject({
		objCode: 'NOTE',
		name: 'Note',
		label: 'Update',
		pluralLabel: 'Updates',
		aliases: ['note'],
		parts: [
			str('noteText', 'Note Text', { required: true }),
			enumStr('noteObjCode', 'Note Obj Code', 'com.attask.common.constants.ObjCodeEnum', OBJ_CODES_WITH_NOTES, { required: true }),
			str('objID', 'Object ID', { required: true, groupable: false }),
			bool('isPrivate', 'Is Private', { defaultValue: false }),
			ref('owner', 'Owner', 'USER'),
			ref('project', 'Project', 'PROJ', { readOnly: true }),
			ref('task', 'Task', 'TASK', { readOnly: true }),
			ref('opTask', 'Issue', 'OPTASK', { readOnly: true }),
			ref('document', 'Document', 'DOCU', { readOnly: true }),
		],
		defaults: ['ID', 'objCode', 'noteText', 'noteObjCode', 'objID', 'entryDate', 'ownerID'],
	}),
	defineObject({
		objCode: 'DOCU',
		name: 'Document',
		label: 'Document',
		pluralLabel: 'Documents',
		aliases: ['document'],
		customData: true,
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			enumStr('docObjCode', 'Doc Obj Code', 'com.attask.common.constants.ObjCodeEnum', OBJ_CODES_WITH_NOTES, { required: true }),
			str('objID', 'Object ID', { required: true, groupable: false }),
			str('downloadURL', 'Download URL', { readOnly: true }),
			ref('owner', 'Owner', 'USER'),
			ref('project', 'Project', 'PROJ', { readOnly: true }),
			ref('task', 'Task', 'TASK', { readOnly: true }),
			ref('opTask', 'Issue', 'OPTASK', { readOnly: true }),
			ref('currentVersion', 'Current Version', 'DOCV', { readOnly: true }),
			ref('folder', 'Folder', 'DOCFDR', { readOnly: true }),
			coll('versions', 'Versions', 'DOCV', 'documentID'),
			coll('accessRules', 'Access Rules', 'ACSRUL', 'securityObjID'),
		],
		defaults: ['ID', 'name', 'objCode', 'description', 'docObjCode', 'objID'],
		dependents: [
			{ objCode: 'DOCV', foreignKey: 'documentID', needsForce: false },
			{ objCode: 'ACSRUL', foreignKey: 'securityObjID', needsForce: false },
		],
	}),
	defineObject({
		objCode: 'DOCV',
		name: 'DocumentVersion',
		label: 'Document Version',
		pluralLabel: 'Document Versions',
		aliases: ['documentVersion'],
		parts: [
			str('version', 'Version', { defaultValue: 'v1.0' }),
			str('fileName', 'File Name'),
			str('ext', 'Extension'),
			int('docSize', 'Document Size'),
			ref('document', 'Document', 'DOCU', { required: true }),
		],
		defaults: ['ID', 'objCode', 'version', 'fileName', 'documentID'],
	}),
	defineObject({
		objCode: 'DOCFDR',
		name: 'DocumentFolder',
		label: 'Document Folder',
		pluralLabel: 'Document Folders',
		aliases: ['documentFolder'],
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			ref('parent', 'Parent Folder', 'DOCFDR'),
			ref('project', 'Project', 'PROJ'),
			ref('task', 'Task', 'TASK'),
			ref('issue', 'Issue', 'OPTASK'),
			coll('children', 'Child Folders', 'DOCFDR', 'parentID'),
			coll('documents', 'Documents', 'DOCU', 'folderID'),
		],
		defaults: ['ID', 'name', 'objCode'],
		dependents: [{ objCode: 'DOCFDR', foreignKey: 'parentID', needsForce: false }],
	}),
	defineObject({
		objCode: 'PORT',
		name: 'Portfolio',
		label: 'Portfolio',
		pluralLabel: 'Portfolios',
		aliases: ['portfolio'],
		customData: true,
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			bool('isActive', 'Is Active', { defaultValue: true }),
			cur('budget', 'Budget'),
			ref('owner', 'Portfolio Owner', 'USER'),
			coll('programs', 'Programs', 'PRGM', 'portfolioID'),
			coll('projects', 'Projects', 'PROJ', 'portfolioID'),
		],
		defaults: ['ID', 'name', 'objCode', 'description', 'isActive'],
	}),
	defineObject({
		objCode: 'PRGM',
		name: 'Program',
		label: 'Program',
		pluralLabel: 'Programs',
		aliases: ['program'],
		customData: true,
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			bool('isActive', 'Is Active', { defaultValue: true }),
			ref('portfolio', 'Portfolio', 'PORT', { required: true }),
			ref('owner', 'Program Owner', 'USER'),
			coll('projects', 'Projects', 'PROJ', 'programID'),
		],
		defaults: ['ID', 'name', 'objCode', 'description', 'isActive', 'portfolioID'],
	}),
	defineObject({
		objCode: 'TMPL',
		name: 'Template',
		label: 'Template',
		pluralLabel: 'Templates',
		aliases: ['template'],
		customData: true,
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			ref('owner', 'Template Owner', 'USER'),
			coll('templateTasks', 'Template Tasks', 'TTSK', 'templateID'),
			coll('accessRules', 'Access Rules', 'ACSRUL', 'securityObjID'),
		],
		defaults: ['ID', 'name', 'objCode', 'description'],
		dependents: [
			{ objCode: 'TTSK', foreignKey: 'templateID', needsForce: false },
			{ objCode: 'ACSRUL', foreignKey: 'securityObjID', needsForce: false },
		],
	}),
	defineObject({
		objCode: 'TTSK',
		name: 'TemplateTask',
		label: 'Template Task',
		pluralLabel: 'Template Tasks',
		aliases: ['templateTask'],
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			int('duration', 'Duration (minutes)', { defaultValue: 480 }),
			int('workRequired', 'Planned Hours (minutes)', { defaultValue: 0 }),
			ref('template', 'Template', 'TMPL', { required: true }),
			ref('parent', 'Parent', 'TTSK'),
		],
		defaults: ['ID', 'name', 'objCode', 'duration', 'templateID'],
	}),
	defineObject({
		objCode: 'ASSGN',
		name: 'Assignment',
		label: 'Assignment',
		pluralLabel: 'Assignments',
		aliases: ['assignment'],
		parts: [
			dbl('assignmentPercent', 'Assignment Percent', { defaultValue: 100 }),
			int('workRequired', 'Planned Hours (minutes)', { defaultValue: 0 }),
			bool('isPrimary', 'Is Primary', { defaultValue: false }),
			ref('task', 'Task', 'TASK'),
			ref('opTask', 'Issue', 'OPTASK'),
			ref('project', 'Project', 'PROJ', { readOnly: true }),
			ref('assignedTo', 'Assigned To', 'USER'),
			ref('role', 'Job Role', 'ROLE'),
		],
		requiredOneOf: [
			['taskID', 'opTaskID'],
			['assignedToID', 'roleID'],
		],
		defaults: ['ID', 'objCode', 'assignedToID', 'roleID', 'taskID', 'opTaskID', 'assignmentPercent'],
	}),
	defineObject({
		objCode: 'CMPY',
		name: 'Company',
		label: 'Company',
		pluralLabel: 'Companies',
		aliases: ['company'],
		customData: true,
		parts: [str('name', 'Name', { required: true }), str('description', 'Description')],
		defaults: ['ID', 'name', 'objCode'],
	}),
	defineObject({
		objCode: 'GROUP',
		name: 'Group',
		label: 'Group',
		pluralLabel: 'Groups',
		aliases: ['group'],
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			ref('parent', 'Parent Group', 'GROUP'),
			coll('children', 'Subgroups', 'GROUP', 'parentID'),
		],
		defaults: ['ID', 'name', 'objCode', 'description'],
	}),
	defineObject({
		objCode: 'TEAMOB',
		name: 'Team',
		label: 'Team',
		pluralLabel: 'Teams',
		aliases: ['team'],
		parts: [str('name', 'Name', { required: true }), str('description', 'Description'), ref('owner', 'Owner', 'USER')],
		defaults: ['ID', 'name', 'objCode', 'description'],
	}),
	defineObject({
		objCode: 'ROLE',
		name: 'Role',
		label: 'Job Role',
		pluralLabel: 'Job Roles',
		aliases: ['role'],
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			cur('billingPerHour', 'Billing Per Hour'),
			cur('costPerHour', 'Cost Per Hour'),
			int('maxUsers', 'Max Users'),
		],
		defaults: ['ID', 'name', 'objCode', 'description'],
	}),
	defineObject({
		objCode: 'EXPNS',
		name: 'Expense',
		label: 'Expense',
		pluralLabel: 'Expenses',
		aliases: ['expense'],
		customData: true,
		parts: [
			str('description', 'Description'),
			cur('plannedAmount', 'Planned Amount'),
			cur('actualAmount', 'Actual Amount'),
			date('effectiveDate', 'Effective Date'),
			bool('isBillable', 'Is Billable', { defaultValue: false }),
			bool('isReimbursable', 'Is Reimbursable', { defaultValue: false }),
			ref('project', 'Project', 'PROJ', { required: true }),
			ref('task', 'Task', 'TASK'),
		],
		defaults: ['ID', 'objCode', 'description', 'plannedAmount', 'actualAmount', 'effectiveDate', 'projectID'],
	}),
	defineObject({
		objCode: 'CTGY',
		name: 'Category',
		label: 'Custom Form',
		pluralLabel: 'Custom Forms',
		aliases: ['category'],
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			enumStr('catObjCode', 'Type', 'com.attask.common.constants.ObjCodeEnum', CUSTOM_FORM_TYPES, { required: true }),
			ref('group', 'Group', 'GROUP'),
			coll('categoryParameters', 'Category Parameters', 'CATP', 'categoryID'),
		],
		defaults: ['ID', 'name', 'objCode', 'catObjCode', 'description'],
		dependents: [
			{ objCode: 'CATP', foreignKey: 'categoryID', needsForce: false },
			{ objCode: 'OBJCAT', foreignKey: 'categoryID', needsForce: false },
		],
	}),
	defineObject({
		objCode: 'PARAM',
		name: 'Parameter',
		label: 'Custom Field',
		pluralLabel: 'Custom Fields',
		aliases: ['parameter'],
		parts: [
			str('name', 'Name', { required: true, unique: true }),
			str('description', 'Description'),
			enumStr('displayType', 'Display Type', 'com.attask.common.constants.ParameterDisplayTypeEnum', DISPLAY_TYPES, { defaultValue: 'TEXT' }),
			enumStr('dataType', 'Data Type', 'com.attask.common.constants.ParameterDataTypeEnum', DATA_TYPES, { defaultValue: 'TEXT' }),
			coll('parameterOptions', 'Parameter Options', 'POPT', 'parameterID'),
		],
		defaults: ['ID', 'name', 'objCode', 'displayType', 'dataType'],
		dependents: [
			{ objCode: 'POPT', foreignKey: 'parameterID', needsForce: false },
			{ objCode: 'CATP', foreignKey: 'parameterID', needsForce: false },
		],
	}),
	defineObject({
		objCode: 'POPT',
		name: 'ParameterOption',
		label: 'Parameter Option',
		pluralLabel: 'Parameter Options',
		aliases: ['parameterOption'],
		parts: [
			str('value', 'Value', { required: true }),
			str('label', 'Label'),
			int('displayOrder', 'Display Order', { defaultValue: 0 }),
			bool('isDefault', 'Is Default', { defaultValue: false }),
			ref('parameter', 'Parameter', 'PARAM', { required: true }),
		],
		defaults: ['ID', 'objCode', 'value', 'label', 'parameterID'],
	}),
	defineObject({
		objCode: 'CATP',
		name: 'CategoryParameter',
		label: 'Category Parameter',
		pluralLabel: 'Category Parameters',
		aliases: ['categoryParameter'],
		parts: [
			int('displayOrder', 'Display Order', { defaultValue: 0 }),
			bool('isRequired', 'Is Required', { defaultValue: false }),
			ref('category', 'Custom Form', 'CTGY', { required: true }),
			ref('parameter', 'Custom Field', 'PARAM', { required: true }),
		],
		defaults: ['ID', 'objCode', 'categoryID', 'parameterID', 'displayOrder'],
	}),
	defineObject({
		objCode: 'OBJCAT',
		name: 'ObjectCategory',
		label: 'Object Category',
		pluralLabel: 'Object Categories',
		aliases: ['objectCategory'],
		noAudit: true,
		parts: [
			str('objID', 'Object ID', { required: true, groupable: false }),
			enumStr('objObjCode', 'Object Type', 'com.attask.common.constants.ObjCodeEnum', CUSTOM_FORM_TYPES, { required: true }),
			int('categoryOrder', 'Category Order', { defaultValue: 0 }),
			ref('category', 'Custom Form', 'CTGY', { required: true }),
		],
		defaults: ['ID', 'objCode', 'categoryID', 'categoryOrder', 'objID', 'objObjCode'],
	}),
	defineObject({
		objCode: 'HOURT',
		name: 'HourType',
		label: 'Hour Type',
		pluralLabel: 'Hour Types',
		aliases: ['hourType'],
		parts: [
			str('name', 'Name', { required: true }),
			str('description', 'Description'),
			enumStr('scope', 'Scope', 'com.attask.common.constants.HourTypeScopeEnum', [
				['GENERAL', 'General'],
				['PROJECT', 'Project'],
			], { defaultValue: 'GENERAL' }),
			bool('isActive', 'Is Active', { defaultValue: true }),
		],
		defaults: ['ID', 'name', 'objCode', 'scope'],
	}),
	defineObject({
		objCode: 'ACSRUL',
		name: 'AccessRule',
		label: 'Access Rule',
		pluralLabel: 'Access Rules',
		aliases: ['accessRule'],
		parts: [
			str('accessorID', 'Accessor ID', { required: true, groupable: false }),
			enumStr('accessorObjCode', 'Accessor Type', 'com.attask.common.constants.ObjCodeEnum', ACCESSOR_TYPES, { required: true }),
			enumStr('coreAction', 'Access Level', 'com.attask.common.constants.AccessActionEnum', CORE_ACTIONS, { defaultValue: 'VIEW' }),
			str('securityObjID', 'Object ID', { required: true, groupable: false }),
			str('securityObjCode', 'Object Type', { required: true }),
		],
		defaults: ['ID', 'objCode', 'accessorID', 'accessorObjCode', 'coreAction', 'securityObjID', 'securityObjCode'],
	}),
	defineObject({
		objCode: 'WORK',
		name: 'Work',
		label: 'Work Item',
		pluralLabel: 'Work Items',
		aliases: ['work'],
		readOnly: true,
		virtual: true,
		queries: ['myWork'],
		parts: [
			str('name', 'Name', { readOnly: true }),
			str('status', 'Status', { readOnly: true }),
			int('priority', 'Priority', { readOnly: true }),
			dbl('percentComplete', 'Percent Complete', { readOnly: true }),
			dt('plannedStartDate', 'Planned Start Date', { readOnly: true }),
			dt('plannedCompletionDate', 'Planned Completion Date', { readOnly: true }),
			ref('project', 'Project', 'PROJ', { readOnly: true }),
			ref('assignedTo', 'Assigned To', 'USER', { readOnly: true }),
		],
		defaults: ['ID', 'name', 'objCode', 'status', 'priority', 'plannedCompletionDate', 'projectID'],
	}),
];

// ---------- lookup ----------

const BY_CODE = new Map<string, ObjDef>();
const BY_SEGMENT = new Map<string, ObjDef>();
for (const o of OBJECTS) {
	BY_CODE.set(o.objCode, o);
	BY_SEGMENT.set(o.objCode.toLowerCase(), o);
	BY_SEGMENT.set(o.name.toLowerCase(), o);
	for (const a of o.aliases) BY_SEGMENT.set(a, o);
}

export function allObjects(): readonly ObjDef[] {
	return OBJECTS;
}

/** Resolve an objCode (exact, case-insensitive). */
export function objByCode(objCode: string): ObjDef | undefined {
	return BY_CODE.get(objCode.toUpperCase());
}

/** Resolve a URL path segment: objCode or API name, case-insensitive. */
export function objBySegment(segment: string): ObjDef | undefined {
	return BY_SEGMENT.get(segment.toLowerCase());
}

/** The objCode whose records a (possibly virtual) type reads from. */
export function sourceCodes(def: ObjDef): string[] {
	return def.objCode === 'WORK' ? ['TASK', 'OPTASK'] : [def.objCode];
}
