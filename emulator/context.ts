/** Per-request context: who is calling, which API version, the store, and per-request caches. */
import { objByCode, sourceCodes, type ObjDef } from './schema';
import type { Store } from './store';
import type { Rec } from './types';

export class RequestContext {
	private readonly collectionIndex = new Map<string, Map<string, Rec[]>>();
	readonly now = Date.now();

	constructor(
		readonly store: Store,
		readonly apiVersion: string,
		readonly userId: string,
		readonly sessionID: string,
	) {}

	/** Records of a type (WORK reads TASK and OPTASK). */
	rowsOf(def: ObjDef): Rec[] {
		const codes = sourceCodes(def);
		if (codes.length === 1) return this.store.all(codes[0]);
		return codes.flatMap((c) => this.store.all(c));
	}

	/** Records of `objCode` whose `foreignKey` equals `id`, via a lazily built per-request index. */
	collection(objCode: string, foreignKey: string, id: string): Rec[] {
		const key = `${objCode}.${foreignKey}`;
		let index = this.collectionIndex.get(key);
		if (!index) {
			index = new Map();
			for (const r of this.store.all(objCode)) {
				const fk = r[foreignKey];
				if (typeof fk !== 'string') continue;
				const list = index.get(fk);
				if (list) list.push(r);
				else index.set(fk, [r]);
			}
			this.collectionIndex.set(key, index);
		}
		return index.get(id) ?? [];
	}

	/** The ObjDef of a stored record (by its own objCode), or the fallback. */
	defOf(rec: Rec, fallback: ObjDef): ObjDef {
		return (typeof rec.objCode === 'string' && objByCode(rec.objCode)) || fallback;
	}
}
