/**
 * National databases behind the future gateway (LGSP/NDXP): the population database (CSDLQG về dân cư)
 * first. A paper "taken from a national database" is not uploaded online; the citizen consents, and
 * the platform looks the person up through an adapter. Until the gateway's adapter exists none is
 * configured, and such a paper is shown at the desk instead.
 */
import type { NationalSource } from './sources.js';

export interface PersonQuery {
  /** Số định danh cá nhân (12 digits). */
  idNumber: string;
  fullName: string;
  /** The citizen's consent to this lookup (the gateway's adapter refuses a lookup without it and logs it). */
  consent?: { accountId: string | null; purpose: string; at: Date };
}

export type LookupAnswer =
  { found: true; fullName: string; dateOfBirth?: string | null; permanentAddress?: string | null } | { found: false };

/** One national database, as the gateway will expose it. */
export interface NationalDatabase {
  readonly source: NationalSource;
  lookup(q: PersonQuery): Promise<LookupAnswer>;
}

/** The adapters in use, by source; set once at start (and by tests). */
export const nationalDatabases = {
  adapters: new Map<NationalSource, NationalDatabase>(),
  use(db: NationalDatabase): void {
    this.adapters.set(db.source, db);
  },
  clear(): void {
    this.adapters.clear();
  },
  get(source: NationalSource): NationalDatabase | null {
    return this.adapters.get(source) ?? null;
  },
};

/** Names compare without regard to case or spacing; diacritics count ("Lê" is not "Le"). */
export const sameName = (a: string, b: string) =>
  a.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi') ===
  b.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
