/**
 * `npm run emulator -- [--port N] [--latency MS] [--concurrency N] [--session-ttl S] [--no-seed] [--generate TASK=100000]…`
 * Starts the emulator, prints its URL and an n8n credential file, and runs until SIGINT/SIGTERM.
 */
import { startEmulator, type EmulatorOptions } from './index';

interface CliArgs {
	options: EmulatorOptions;
	generate: [string, number][];
}

function usage(message: string): never {
	process.stderr.write(
		`${message}\nusage: emulator [--port N] [--latency MS] [--concurrency N] [--session-ttl S] [--no-seed] [--generate OBJCODE=COUNT]...\n`,
	);
	process.exit(2);
}

function intArg(flag: string, value: string | undefined): number {
	const n = Number(value);
	if (value === undefined || !Number.isInteger(n) || n < 0) usage(`${flag} needs a non-negative integer`);
	return n;
}

export function parseArgs(argv: string[]): CliArgs {
	const options: EmulatorOptions = {};
	const generate: [string, number][] = [];
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const next = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
		switch (flag) {
			case '--port':
				options.port = intArg(flag, next());
				break;
			case '--latency':
				options.latencyMs = intArg(flag, next());
				break;
			case '--concurrency':
				options.concurrencyLimit = intArg(flag, next());
				break;
			case '--session-ttl':
				options.sessionTtlSeconds = intArg(flag, next());
				break;
			case '--no-seed':
				options.seed = false;
				break;
			case '--generate': {
				const spec = next() ?? '';
				const m = /^(\w+)=(\d+)$/.exec(spec);
				if (!m) usage('--generate needs OBJCODE=COUNT, e.g. TASK=100000');
				generate.push([m[1].toUpperCase(), Number(m[2])]);
				break;
			}
			case '--help':
			case '-h':
				usage('Adobe Workfront REST emulator');
				break;
			default:
				usage(`unknown argument ${argv[i]}`);
		}
	}
	return { options, generate };
}

async function main(): Promise<void> {
	const { options, generate } = parseArgs(process.argv.slice(2));
	const emulator = await startEmulator(options);
	for (const [objCode, count] of generate) {
		const started = Date.now();
		emulator.store.generate(objCode, count);
		process.stdout.write(`generated ${count} ${objCode} in ${Date.now() - started} ms\n`);
	}
	const c = emulator.credentials;
	const credential = [
		{
			id: 'wfEmulatorCred',
			name: 'Workfront emulator',
			type: 'workfrontJwtApi',
			data: { baseUrl: c.baseUrl, clientId: c.clientId, clientSecret: c.clientSecret, customerId: c.customerId, userId: c.userId, privateKey: c.privateKey, apiVersion: c.apiVersion },
		},
	];
	process.stdout.write(`Workfront emulator listening on ${emulator.url}\n`);
	process.stdout.write(`n8n credential (for n8n import:credentials):\n${JSON.stringify(credential, null, 2)}\n`);
	const stop = (): void => {
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((e: unknown) => {
		process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
		process.exit(1);
	});
}
