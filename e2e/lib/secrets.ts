/** Secret search for the e2e transcripts (same rule as the unit tests: whole values and 24-char PEM body slices). */

export function secretNeedles(secrets: Array<string | undefined>): string[] {
	const needles = new Set<string>();
	for (const secret of secrets) {
		if (!secret) continue;
		needles.add(secret);
		if (secret.includes('-----BEGIN')) {
			const body = secret
				.replace(/-----(BEGIN|END)[^-]+-----/g, '')
				.replace(/\\n/g, '')
				.replace(/\s+/g, '');
			for (let i = 0; i + 24 <= body.length; i += 24) needles.add(body.slice(i, i + 24));
		}
	}
	return [...needles].filter((needle) => needle.length >= 8);
}

/** Names of the haystacks that contain a needle, with a hint of which secret (first 4 chars only). */
export function findSecrets(haystacks: Record<string, string>, needles: string[]): string[] {
	const hits: string[] = [];
	for (const [name, text] of Object.entries(haystacks)) {
		for (const needle of needles) {
			if (text.includes(needle)) {
				hits.push(`${name} contains a secret (${needle.slice(0, 4)}…, ${needle.length} chars)`);
				break;
			}
		}
	}
	return hits;
}
