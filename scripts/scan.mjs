// Runs n8n's community-package scanner rules (the same ESLint set as `npx @n8n/scan-community-package`) offline:
// once over the sources the scanner reads from the repository, once over the files `npm pack` would publish.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
const published = packed[0].files.map((file) => file.path).filter((file) => file.endsWith('.js') || file === 'package.json');
if (!published.some((file) => file.startsWith('dist/'))) {
	console.error('scan: nothing under dist/ would be published; run `npm run build` first');
	process.exit(1);
}

let failed = false;
for (const [label, patterns] of [
	['source', SOURCE_FILE_PATTERNS],
	[`published (${published.length} files)`, published],
]) {
	const result = await analyzePackage(root, patterns);
	console.log(`scan ${label}: ${result.passed ? 'PASSED' : 'FAILED'}${result.message ? ` (${result.message})` : ''}`);
	if (!result.passed) {
		failed = true;
		if (result.details) console.log(result.details);
	}
}
process.exit(failed ? 1 : 0);
