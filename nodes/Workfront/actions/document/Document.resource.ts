import type { INodeProperties } from 'n8n-workflow';

import { requestOptions } from '../common.descriptions';
import type { Operation } from '../types';
import { download } from './download.operation';
import { upload } from './upload.operation';
import { uploadVersion } from './uploadVersion.operation';

export const operations: Record<string, Operation> = {
	upload,
	uploadVersion,
	download,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['document'] } },
		options: [
			{ name: 'Download', value: 'download', description: 'Download a document\'s file into a binary field', action: 'Download a document' },
			{ name: 'Upload', value: 'upload', description: 'Upload a file from a binary field as a new document on a project, task, issue …', action: 'Upload a document' },
			{ name: 'Upload New Version', value: 'uploadVersion', description: 'Upload a file from a binary field as the new version of a document', action: 'Upload a new version of a document' },
		],
		default: 'upload',
	},
	...upload.description,
	...uploadVersion.description,
	...download.description,
	{ ...requestOptions, displayOptions: { show: { resource: ['document'] } } },
];
