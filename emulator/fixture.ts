/**
 * The standard, deterministic data set (seeded PRNG; dates relative to the emulator's start time):
 * 12 users (one admin = the demo credential's user), companies, groups, roles, portfolios, programs,
 * templates, 200 projects, 2,000 tasks, 500 issues, 3,000 hours, 300 notes, documents, expenses and
 * two custom forms with text, drop-down, multi-select, number and date fields.
 */
import { Gen, generateRecords, type GenContext } from './generate';
import type { Store } from './store';
import type { Rec } from './types';

export const DEMO_CUSTOMER_ID = '5f0c1a2b3c4d4e5f8a9b0c1d2e3f4a5b';
export const DEMO_ADMIN_ID = '4a7d1ed414474e4033ac29ccb8653d9b';
export const DEMO_CLIENT_ID = 'demo-client-id';
/** Throw-away secret of the local demo app; it protects nothing. */
export const DEMO_CLIENT_SECRET = 'demo-client-secret-0b5e3c7a91d24f68';

const SEED = 0x5eed2026;

/** mulberry32: small, fast, deterministic PRNG. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function seededIds(rand: () => number): (count: number) => string[] {
	const word = (): string => Math.floor(rand() * 4294967296).toString(16).padStart(8, '0');
	return (count) => Array.from({ length: count }, () => word() + word() + word() + word());
}

interface Fx {
	store: Store;
	ctx: GenContext;
	g: Gen;
}

function make(fx: Fx, objCode: string, count: number, fields?: Rec): Rec[] {
	return generateRecords(fx.store, objCode, count, fields, fx.ctx);
}

function named(fx: Fx, objCode: string, names: string[], extra: (i: number) => Rec = () => ({})): Rec[] {
	return names.map((name, i) => make(fx, objCode, 1, { name, ...extra(i) })[0]);
}

export function loadFixture(store: Store, options: { seed: boolean; now: number }): void {
	const rand = seededRandom(SEED);
	const ctx: GenContext = { store, rand, now: options.now, actorId: DEMO_ADMIN_ID, newIds: seededIds(rand) };
	const fx: Fx = { store, ctx, g: new Gen(ctx) };
	const admin = make(fx, 'USER', 1, {
		firstName: 'Demo',
		lastName: 'Admin',
		emailAddr: 'demo.admin@example.com',
		username: 'demo.admin@example.com',
		title: 'Workfront Administrator',
	})[0];
	// The admin's ID is fixed so credentials stay valid across runs: re-key the generated record.
	store.remove('USER', admin.ID as string);
	store.insert('USER', { ...admin, ID: DEMO_ADMIN_ID, name: 'Demo Admin', enteredByID: DEMO_ADMIN_ID, lastUpdatedByID: DEMO_ADMIN_ID });
	const users = make(fx, 'USER', 11);
	if (!options.seed) return;
	seedOrganisation(fx, [store.get('USER', DEMO_ADMIN_ID)!, ...users]);
	seedWork(fx);
	seedCustomForms(fx);
}

function seedOrganisation(fx: Fx, users: Rec[]): void {
	const { store, g } = fx;
	const companies = named(fx, 'CMPY', ['Northwind Creative', 'Contoso Media', 'Fabrikam Studios']);
	const groups = named(fx, 'GROUP', ['Marketing', 'Design', 'Engineering', 'Operations']);
	const roles = named(fx, 'ROLE', ['Project Manager', 'Designer', 'Copywriter', 'Developer'], (i) => ({ billingPerHour: 120 + i * 15, costPerHour: 60 + i * 10 }));
	named(fx, 'HOURT', ['Regular', 'Overtime', 'Meetings'], (i) => ({ scope: i === 2 ? 'GENERAL' : 'PROJECT' }));
	users.forEach((u, i) => {
		store.update('USER', u.ID as string, {
			companyID: companies[i % companies.length].ID,
			homeGroupID: groups[i % groups.length].ID,
			roleID: roles[i % roles.length].ID,
			managerID: i === 0 ? null : DEMO_ADMIN_ID,
		});
	});
	const portfolios = named(fx, 'PORT', ['Brand Portfolio', 'Digital Portfolio'], () => ({ ownerID: DEMO_ADMIN_ID, budget: 2_500_000 }));
	named(fx, 'PRGM', ['Campaigns', 'Events', 'Web Platform', 'Mobile'], (i) => ({ portfolioID: portfolios[Math.floor(i / 2)].ID, ownerID: g.pick('USER') }));
	const templates = named(fx, 'TMPL', ['Campaign Template', 'Website Template'], () => ({ description: 'Standard template' }));
	for (const t of templates) make(fx, 'TTSK', 5, { templateID: t.ID, name: `Template step {n}` });
}

function seedWork(fx: Fx): void {
	const { store, g } = fx;
	const programs = store.all('PRGM');
	const projects = make(fx, 'PROJ', 200);
	for (const p of projects) {
		const program = g.oneOf(programs);
		store.update('PROJ', p.ID as string, {
			programID: program.ID,
			portfolioID: program.portfolioID,
			companyID: g.pick('CMPY'),
			groupID: g.pick('GROUP'),
			templateID: g.chance(0.3) ? g.pick('TMPL') : null,
		});
	}
	const tasks = make(fx, 'TASK', 2000);
	const perProject = new Map<unknown, number>();
	for (const t of tasks) {
		const n = (perProject.get(t.projectID) ?? 0) + 1;
		perProject.set(t.projectID, n);
		t.taskNumber = n;
		if (t.assignedToID) {
			store.insert('ASSGN', { ID: fx.ctx.newIds!(1)[0], taskID: t.ID, projectID: t.projectID, assignedToID: t.assignedToID, assignmentPercent: 100, workRequired: t.workRequired, isPrimary: true, enteredByID: DEMO_ADMIN_ID });
		}
	}
	make(fx, 'OPTASK', 500);
	make(fx, 'HOUR', 3000);
	make(fx, 'NOTE', 300);
	const docs = make(fx, 'DOCU', 40);
	for (const d of docs) {
		store.update('DOCU', d.ID as string, { downloadURL: `/document/download?ID=${String(d.ID)}` });
		make(fx, 'DOCV', 1, { documentID: d.ID, version: 'v1.0', fileName: d.name, ext: 'pdf', docSize: g.int(20, 900) * 1024 });
	}
	make(fx, 'EXPNS', 60);
}

interface ParamSpec {
	name: string;
	displayType: string;
	dataType: string;
	options?: string[];
	value: (g: Gen) => unknown;
}

const PARAMS: ParamSpec[] = [
	{ name: 'Business Unit', displayType: 'DROPDOWN', dataType: 'TEXT', options: ['Marketing', 'Sales', 'Engineering', 'Operations'], value: (g) => g.oneOf(['Marketing', 'Sales', 'Engineering', 'Operations']) },
	{ name: 'Channels', displayType: 'CHECKBOX', dataType: 'TEXT', options: ['Email', 'Social', 'Web', 'Print', 'Events'], value: (g) => ['Email', 'Social', 'Web', 'Print', 'Events'].filter(() => g.chance(0.4)) },
	{ name: 'Budget Code', displayType: 'TEXT', dataType: 'TEXT', value: (g) => `BC-${g.int(1000, 9999)}` },
	{ name: 'Expected Revenue', displayType: 'TEXT', dataType: 'NMBR', value: (g) => g.int(5, 500) * 1000 },
	{ name: 'Launch Date', displayType: 'DATE', dataType: 'DATE', value: (g) => g.dateTime(g.int(-60, 120), 0) },
	{ name: 'Effort Size', displayType: 'DROPDOWN', dataType: 'TEXT', options: ['S', 'M', 'L', 'XL'], value: (g) => g.oneOf(['S', 'M', 'L', 'XL']) },
	{ name: 'Review Rounds', displayType: 'TEXT', dataType: 'NMBR', value: (g) => g.int(0, 5) },
	{ name: 'Tags', displayType: 'MULTISELECT', dataType: 'TEXT', options: ['Urgent', 'Client', 'Internal', 'Legal'], value: (g) => ['Urgent', 'Client', 'Internal', 'Legal'].filter(() => g.chance(0.35)) },
];

const FORMS = [
	{ name: 'Project Intake', catObjCode: 'PROJ', params: ['Business Unit', 'Channels', 'Budget Code', 'Expected Revenue', 'Launch Date'], share: 0.6 },
	{ name: 'Task Details', catObjCode: 'TASK', params: ['Effort Size', 'Review Rounds', 'Tags', 'Budget Code'], share: 0.3 },
];

function seedCustomForms(fx: Fx): void {
	const { store, g } = fx;
	const paramIds = new Map<string, string>();
	for (const p of PARAMS) {
		const rec = make(fx, 'PARAM', 1, { name: p.name, displayType: p.displayType, dataType: p.dataType, description: `${p.name} (custom field)` })[0];
		paramIds.set(p.name, rec.ID as string);
		(p.options ?? []).forEach((value, i) => make(fx, 'POPT', 1, { parameterID: rec.ID, value, label: value, displayOrder: i }));
	}
	for (const form of FORMS) {
		const cat = make(fx, 'CTGY', 1, { name: form.name, catObjCode: form.catObjCode, description: `${form.name} form` })[0];
		form.params.forEach((name, i) => make(fx, 'CATP', 1, { categoryID: cat.ID, parameterID: paramIds.get(name), displayOrder: i }));
		for (const rec of store.all(form.catObjCode)) {
			if (!g.chance(form.share)) continue;
			const patch: Rec = { categoryID: cat.ID };
			for (const name of form.params) {
				const value = PARAMS.find((p) => p.name === name)!.value(g);
				if (value !== null && !(Array.isArray(value) && value.length === 0)) patch[`DE:${name}`] = value;
			}
			store.update(form.catObjCode, rec.ID as string, patch);
			store.insert('OBJCAT', { ID: fx.ctx.newIds!(1)[0], objID: rec.ID, objObjCode: form.catObjCode, categoryID: cat.ID, categoryOrder: 0 });
		}
	}
}
