/** Secret search for the e2e transcripts, with the unit tests' rule (whole values and 24-char PEM body slices). */
export { secretNeedles } from '../../test/harness/secrets';

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
