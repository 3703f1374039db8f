import crypto from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so jsonb's reordering cannot change a hash. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export interface ChainedFields {
  seq: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  /** Whose business the row is; covered only when present, so rows without them hash as they always did. */
  agencyId?: string | null;
  unitId?: string | null;
}

/** The hash of a row linked after `prevHash`. */
export function linkHash(prevHash: string, f: ChainedFields): string {
  const { agencyId, unitId, ...rest } = f;
  const scope = { ...(agencyId ? { agencyId } : {}), ...(unitId ? { unitId } : {}) };
  const body = canonicalJson({ ...rest, ...scope, at: f.at.toISOString() });
  return crypto.createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
