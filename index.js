'use strict';
/**
 * Programmatic entry point: the credential and node classes from the built `dist/`, loaded on first use.
 * n8n itself loads the package through the "n8n" section of package.json, not through this file.
 */
Object.defineProperties(module.exports, {
	WorkfrontJwtApi: {
		enumerable: true,
		get: () => require('./dist/credentials/WorkfrontJwtApi.credentials.js').WorkfrontJwtApi,
	},
	Workfront: {
		enumerable: true,
		get: () => require('./dist/nodes/Workfront/Workfront.node.js').Workfront,
	},
	WorkfrontTrigger: {
		enumerable: true,
		get: () => require('./dist/nodes/WorkfrontTrigger/WorkfrontTrigger.node.js').WorkfrontTrigger,
	},
});
