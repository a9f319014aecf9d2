import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** What an operation returns for one input item: one or more records, or ready-made items (binary data). */
export type ItemResult = IDataObject | IDataObject[] | INodeExecutionData[];

/** Most operations: called once per input item; the router owns the loop, errors and pairing. */
export interface ItemOperation {
	kind: 'item';
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<ItemResult>;
}

/**
 * Bulk operations: called once per chunk of input items. Returns one entry per item of the chunk, in order:
 * the item's records, or the Error that belongs to that item alone.
 */
export interface ChunkOperation {
	kind: 'chunk';
	description: INodeProperties[];
	chunkSize(this: IExecuteFunctions): number;
	execute(this: IExecuteFunctions, itemIndexes: number[]): Promise<Array<ItemResult | Error>>;
}

export type Operation = ItemOperation | ChunkOperation;
