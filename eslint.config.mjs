// n8n's community-node lint (the @n8n/node-cli config, n8n Cloud rules included) over nodes/, credentials/ and
// package.json, with no rule switched off there. test/, emulator/, scripts/ and bench/ legitimately use process
// and timers, so they get ordinary TypeScript rules instead of the n8n Cloud ones.
import { config as n8nConfig } from '@n8n/node-cli/eslint';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PACKAGE_CODE = ['nodes/**/*.ts', 'credentials/**/*.ts'];
const DEV_CODE = ['test/**/*.ts', 'emulator/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'];

const scoped = n8nConfig.map((block) =>
	Array.isArray(block.files) && block.files.length === 1 && block.files[0] === '**/*.ts'
		? { ...block, files: PACKAGE_CODE }
		: block,
);

export default tseslint.config(
	{ ignores: ['dist/**', '**/node_modules/**', 'bench/.scratch/**', '**/*.js', '**/*.mjs'] },
	...scoped,
	{
		files: DEV_CODE,
		extends: [js.configs.recommended, ...tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
);
