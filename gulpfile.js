/**
 * The build pipeline (`npm run build`):
 *   clean  → remove dist/
 *   tsc    → compile credentials/ and nodes/ (declarations and source maps included)
 *   bundle → rebuild each credential with esbuild so jose (only SignJWT + importPKCS8) is inside the file;
 *            the published package then needs nothing but the n8n-workflow peer dependency
 *   assets → copy icons (svg/png) and codex files (*.node.json) next to the compiled code
 */
const { src, dest, series } = require('gulp');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = __dirname;
const dist = path.join(root, 'dist');

async function clean() {
	await fs.promises.rm(dist, { recursive: true, force: true });
}

function tsc() {
	return new Promise((resolve, reject) => {
		const bin = require.resolve('typescript/bin/tsc');
		const child = spawn(process.execPath, [bin, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
		child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsc exited with ${code}`))));
	});
}

/** Credentials that import jose: bundled from their TypeScript source, replacing tsc's output. */
function credentialEntries() {
	const dir = path.join(root, 'credentials');
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.credentials.ts'))
		.map((file) => path.join(dir, file));
}

async function bundle() {
	const inlined = new Set();
	for (const entry of credentialEntries()) {
		const outfile = path.join(dist, 'credentials', path.basename(entry).replace(/\.ts$/, '.js'));
		const result = await esbuild.build({
			entryPoints: [entry],
			outfile,
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			external: ['n8n-workflow'],
			allowOverwrite: true,
			sourcemap: true,
			legalComments: 'inline',
			logLevel: 'warning',
			metafile: true,
		});
		const inputs = Object.keys(result.metafile.inputs);
		const joseFiles = inputs.filter((input) => input.includes('node_modules/jose/'));
		if (joseFiles.length === 0) throw new Error(`${entry}: jose was not bundled`);
		const stray = inputs.filter((input) => input.includes('node_modules/') && !input.includes('node_modules/jose/'));
		if (stray.length > 0) throw new Error(`${entry}: unexpected modules bundled: ${stray.join(', ')}`);
		for (const input of inputs) if (!input.includes('node_modules/')) inlined.add(path.resolve(root, input));
	}
	// tsc also emitted the helper modules that were inlined above; those that import jose must not ship unbundled.
	for (const file of listJs(dist)) {
		if (!/require\("jose"\)/.test(fs.readFileSync(file, 'utf8'))) continue;
		const source = path.join(root, path.relative(dist, file)).replace(/\.js$/, '.ts');
		if (!inlined.has(source)) throw new Error(`${file} requires jose but is not part of a bundle`);
		await fs.promises.rm(file);
		await fs.promises.rm(`${file}.map`, { force: true });
	}
}

function listJs(dir) {
	return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
		.map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

function assets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.clean = clean;
exports.build = series(clean, tsc, bundle, assets);
exports.default = exports.build;
