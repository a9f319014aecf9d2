import { createPrivateKey, type KeyObject } from 'node:crypto';

import { WorkfrontInputError } from './baseUrl';

/**
 * Turns whatever a user pasted into the "Private Key" field into a PKCS#8 PEM string of an RSA key of at least
 * 2048 bits, or throws a WorkfrontInputError that says what is wrong and how to fix it.
 * Accepted: PKCS#8 ("BEGIN PRIVATE KEY"), PKCS#1 ("BEGIN RSA PRIVATE KEY"), newlines flattened to spaces or to
 * literal "\n", a file holding a certificate and the key together, and a bare base64 DER body.
 * No message ever quotes the key.
 */

const FIELD = 'Private Key';
const HOW_TO =
	'Paste the whole private key file (private.key from `openssl req -x509 -sha256 -nodes -newkey rsa:2048 -keyout private.key -out certificate_pub.crt`), including its BEGIN and END lines. Upload certificate_pub.crt to the OAuth2 application in Workfront.';

interface PemBlock {
	label: string;
	headers: string[];
	body: string;
}

function fail(message: string, description = HOW_TO): never {
	throw new WorkfrontInputError(`${FIELD}: ${message}`, description);
}

function unflatten(raw: string): string {
	let text = raw.trim();
	// A value copied from JSON or an .env file may keep its quotes and escaped newlines.
	if ((text.startsWith('"') && text.endsWith('"')) || (text.startsWith("'") && text.endsWith("'"))) {
		text = text.slice(1, -1);
	}
	return text.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\r\n?/g, '\n');
}

function parseBlocks(text: string): PemBlock[] {
	const blocks: PemBlock[] = [];
	const pattern = /-----BEGIN ([A-Z0-9 ]+?)-----([\s\S]*?)-----END \1-----/g;
	for (const match of text.matchAll(pattern)) {
		const inner = match[2];
		const headers: string[] = [];
		// PEM headers ("Proc-Type: 4,ENCRYPTED") sit before the base64 body; with flattened newlines they share a line.
		const headerPattern = /(Proc-Type|DEK-Info)\s*:\s*[^\s]+/g;
		for (const header of inner.matchAll(headerPattern)) headers.push(header[0]);
		const body = inner.replace(headerPattern, '').replace(/\s+/g, '');
		blocks.push({ label: match[1], headers, body });
	}
	return blocks;
}

function toPem(label: string, base64: string): string {
	const lines = base64.match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function readKey(source: string | { key: Buffer; format: 'der'; type: 'pkcs8' | 'pkcs1' }): KeyObject {
	try {
		return createPrivateKey(source);
	} catch (error) {
		const text = error instanceof Error ? error.message : '';
		if (/passphrase/i.test(text)) {
			fail('the key is encrypted with a passphrase', encryptedHint());
		}
		return fail('the key could not be read; the PEM data looks damaged (was part of it cut off or edited?)');
	}
}

function encryptedHint(): string {
	return 'n8n needs the unencrypted key. Decrypt it once with `openssl pkey -in encrypted.key -out private.key` (it asks for the passphrase) and paste private.key.';
}

function fromPem(block: PemBlock): KeyObject {
	if (block.label === 'ENCRYPTED PRIVATE KEY' || block.headers.some((h) => /ENCRYPTED/i.test(h))) {
		fail('the key is encrypted with a passphrase', encryptedHint());
	}
	if (block.label === 'OPENSSH PRIVATE KEY') {
		fail(
			'this is an OpenSSH key, not a PEM RSA key',
			'Create the key with openssl (see the credential documentation) or convert it with `ssh-keygen -p -m PEM -f <file>`.',
		);
	}
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(block.body)) {
		fail('the key body contains characters that are not base64');
	}
	return readKey(toPem(block.label, block.body));
}

function fromBareBase64(text: string): KeyObject {
	const compact = text.replace(/\s+/g, '');
	if (compact.length < 100 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
		fail('this is not a PEM private key (no "-----BEGIN PRIVATE KEY-----" line found)');
	}
	const der = Buffer.from(compact, 'base64');
	for (const type of ['pkcs8', 'pkcs1'] as const) {
		try {
			return createPrivateKey({ key: der, format: 'der', type });
		} catch {
			// try the next encoding
		}
	}
	return fail('this is not a PEM private key (no "-----BEGIN PRIVATE KEY-----" line found)');
}

const PRIVATE_LABELS = new Set([
	'PRIVATE KEY',
	'RSA PRIVATE KEY',
	'ENCRYPTED PRIVATE KEY',
	'EC PRIVATE KEY',
	'DSA PRIVATE KEY',
	'OPENSSH PRIVATE KEY',
]);

export function normalizePrivateKey(raw: unknown): string {
	if (typeof raw !== 'string' || raw.trim() === '') {
		fail('the field is empty');
	}
	const text = unflatten(raw);
	const blocks = parseBlocks(text);
	let key: KeyObject;
	if (blocks.length === 0) {
		if (/-----BEGIN/.test(text)) fail('the PEM block is incomplete (its END line is missing or does not match)');
		key = fromBareBase64(text);
	} else {
		const privateBlock = blocks.find((block) => PRIVATE_LABELS.has(block.label));
		if (!privateBlock) {
			const labels = blocks.map((block) => block.label);
			if (labels.some((label) => label.includes('CERTIFICATE'))) {
				fail(
					'this is a certificate, not the private key',
					'The certificate (certificate_pub.crt) belongs in Workfront, on the OAuth2 application. Paste the private key (private.key) here.',
				);
			}
			if (labels.some((label) => label.includes('PUBLIC KEY'))) {
				fail(
					'this is a public key, not the private key',
					'The public key belongs in Workfront, on the OAuth2 application. Paste the private key (private.key) here.',
				);
			}
			fail(`expected a private key but found a "${labels[0]}" block`);
		}
		key = fromPem(privateBlock);
	}
	if (key.asymmetricKeyType !== 'rsa') {
		fail(
			`this is ${key.asymmetricKeyType === 'ec' ? 'an EC' : `a ${String(key.asymmetricKeyType).toUpperCase()}`} key; Workfront signs with RS256, which needs an RSA key`,
		);
	}
	const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
	if (bits < 2048) {
		fail(`the RSA key has ${bits} bits; Workfront needs at least 2048`, HOW_TO);
	}
	return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}
