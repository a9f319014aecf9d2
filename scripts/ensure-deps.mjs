// Makes `npm run demo` / `npm test` work straight after a clone: installs the dev dependencies (npm ci) when
// they are missing or older than the lockfile. Plain JavaScript, because tsx itself is one of them.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const fresh = existsSync(join(root, 'node_modules', 'tsx')) && existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
if (!fresh) {
	console.log('Installing dev dependencies (npm ci)…');
	execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
