/** Sources and their runs: which adapter reads a source, the scheduled sync of every tool, and freshness. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { FastifyBaseLogger as Logger } from 'fastify';
import { isSealed, openSecret, sealSecret, type Db, type Executor } from '../platform/index.js';
import { adapterContext } from './adapters/context.js';
import { harvestGlpi } from './adapters/glpi.js';
import { harvestWazuh } from './adapters/wazuh.js';
import { SourceError } from './facts.js';
import { runImport, type RunOptions } from './sync.js';
import { inventorySources, type ImportRun, type Source } from './schema.js';

export const SYNC_JOB = 'inventory.sync';
/** Tools are read hourly; each run writes only what changed. */
export const SYNC_EVERY_MS = 60 * 60 * 1000;
/** A tool's facts older than this are shown as stale (cũ). */
export const STALE_AFTER_MS = 2 * 24 * 60 * 60 * 1000;

/** Settings that are secrets: sealed at rest (SECRETS_KEY), never sent back by the API. */
export const SECRET_SETTINGS = ['appToken', 'userToken', 'password'];
const PURPOSE = 'inventory.source';

/** The settings as stored: each secret sealed, so a database copy holds no token or password of an agency's tool. */
export function sealSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const out = { ...settings };
  for (const k of SECRET_SETTINGS)
    if (typeof out[k] === 'string' && out[k] && !isSealed(out[k])) out[k] = sealSecret(out[k] as string, PURPOSE);
  return out;
}

/** The source with its secrets opened, for the adapter that calls the tool (never stored or sent back). */
export function withOpenSettings(source: Source): Source {
  const settings = { ...source.settings };
  for (const k of SECRET_SETTINGS) {
    if (!isSealed(settings[k])) continue;
    try {
      settings[k] = openSecret(settings[k], PURPOSE);
    } catch {
      throw new SourceError(
        `Không mở được thông tin đăng nhập đã lưu (${k}): khóa SECRETS_KEY đã đổi? Hãy nhập lại nguồn.`,
        `The stored credential (${k}) cannot be opened: has SECRETS_KEY changed? Enter the source again.`,
      );
    }
  }
  return { ...source, settings };
}

export async function runSource(
  db: Db,
  source: Source,
  opts: RunOptions & { fetch?: typeof fetch } = {},
): Promise<ImportRun> {
  return runImport(
    db,
    source,
    async () => {
      // Opened here, inside the run: a key that cannot open them fails the run with its reason, like an unreachable tool.
      const ctx = await adapterContext(db, withOpenSettings(source), opts.fetch);
      if (source.kind === 'glpi') return harvestGlpi(ctx);
      if (source.kind === 'wazuh') return harvestWazuh(ctx);
      throw new SourceError(
        'Nguồn này được nhập bằng tệp, không tự đọc được.',
        'This source is fed by file uploads; it cannot be pulled.',
      );
    },
    opts,
  );
}

/** The scheduled sync: every enabled tool, one after the other; a failing one is recorded and the others still run. */
export async function syncAll(db: Db, log?: Logger): Promise<ImportRun[]> {
  const sources = await db
    .select()
    .from(inventorySources)
    .where(and(eq(inventorySources.enabled, true), inArray(inventorySources.kind, ['glpi', 'wazuh'])))
    .orderBy(asc(inventorySources.createdAt));
  const runs: ImportRun[] = [];
  for (const s of sources) runs.push(await runSource(db, s, { log }));
  return runs;
}

export function freshness(
  s: Pick<Source, 'lastSuccessAt' | 'lastStatus' | 'kind'>,
  now = Date.now(),
): 'fresh' | 'stale' | 'failing' | 'never' {
  if (!s.lastSuccessAt) return s.lastStatus ? 'failing' : 'never';
  if (s.lastStatus && s.lastStatus !== 'succeeded') return 'failing';
  // A spreadsheet is as fresh as its last upload: the agency decides when to send one.
  if (s.kind !== 'spreadsheet' && s.kind !== 'manual' && now - s.lastSuccessAt.getTime() > STALE_AFTER_MS)
    return 'stale';
  return 'fresh';
}

export function publicSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings)) out[k] = SECRET_SETTINGS.includes(k) ? (v ? '***' : null) : v;
  return out;
}

/** The agency's spreadsheet source, made on its first upload. */
export async function spreadsheetSource(db: Executor, agencyId: string): Promise<Source> {
  const [found] = await db
    .select()
    .from(inventorySources)
    .where(and(eq(inventorySources.agencyId, agencyId), eq(inventorySources.kind, 'spreadsheet')))
    .limit(1);
  if (found) return found;
  const [made] = await db
    .insert(inventorySources)
    .values({ agencyId, kind: 'spreadsheet', name: 'Bảng tính của cơ quan' })
    .returning();
  return made!;
}
