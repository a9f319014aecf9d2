/** Runs the node's loadOptions and listSearch methods in n8n's real LoadOptionsContext. */
import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type INode, type INodeListSearchResult, type INodePropertyOptions } from 'n8n-workflow';

import type { TestBed } from './bed';
import { NODE_TYPE } from './bed';
import { buildAdditionalData, credentialNode, loadPackage, TestNodeTypes } from './n8n';

async function context(bed: TestBed, parameters: INode['parameters']) {
	const nodeTypes = new TestNodeTypes(await loadPackage());
	const node = credentialNode('Workfront', NODE_TYPE, { resource: 'record', ...parameters });
	const workflow = new Workflow({ id: 'wf-methods', nodes: [node], connections: {}, nodeTypes, active: false, settings: { executionOrder: 'v1' } });
	const additionalData = buildAdditionalData(bed.helper, { currentNodeParameters: node.parameters });
	const nodeType = nodeTypes.getByNameAndVersion(NODE_TYPE, 1);
	return { ctx: new LoadOptionsContext(workflow, node, additionalData, 'parameters'), nodeType };
}

export async function loadOptions(bed: TestBed, method: string, parameters: INode['parameters']): Promise<INodePropertyOptions[]> {
	const { ctx, nodeType } = await context(bed, parameters);
	const fn = nodeType.methods?.loadOptions?.[method];
	if (!fn) throw new Error(`no loadOptions method ${method}`);
	return await fn.call(ctx);
}

export async function listSearch(bed: TestBed, method: string, parameters: INode['parameters'], filter?: string, token?: string): Promise<INodeListSearchResult> {
	const { ctx, nodeType } = await context(bed, parameters);
	const fn = nodeType.methods?.listSearch?.[method];
	if (!fn) throw new Error(`no listSearch method ${method}`);
	return await fn.call(ctx, filter, token);
}
