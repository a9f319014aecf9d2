'use strict';
/**
 * Programmatic entry point: the credential and node classes, loaded from the built `dist/` on first use.
 * n8n itself loads the package through the "n8n" section of package.json, not through this file.
 */
const path = require('node:path');

const exportsMap = {
	WorkfrontJwtApi: ['credentials/WorkfrontJwtApi.credentials.js', 'WorkfrontJwtApi'],
	Workfront: ['nodes/Workfront/Workfront.node.js', 'Workfront'],
	WorkfrontTrigger: ['nodes/WorkfrontTrigger/WorkfrontTrigger.node.js', 'WorkfrontTrigger'],
};

for (const [name, [file, exportName]] of Object.entries(exportsMap)) {
	Object.defineProperty(module.exports, name, {
		enumerable: true,
		get() {
			return require(path.join(__dirname, 'dist', file))[exportName];
		},
	});
}
