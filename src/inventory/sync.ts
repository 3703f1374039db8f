/**
 * One run of a source: read it (outside any transaction: a slow tool must not hold the database), check what it sent,
 * then write it all or nothing. Every run is recorded with its counts and report; a failed or rejected run changes no
 * fact, and the source's freshness shows its last success.
 */
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { appendAudit, type Db } from '../platform/index.js';
import { todayVn } from '../directory/index.js';
import { applyBatch, approvalProblems, claimConflicts } from './apply.js';
import { SourceError, type Harvest } from './facts.js';
import { inventoryImports, inventorySources, type ImportRun, type ReportRow, type Source } from './schema.js';

export interface RunOptions {
  actor?: { id: string | null; label: string; requestId?: string };
  fileSha256?: string | null;
  log?: FastifyBaseLogger;
}

export async function runImport(
  db: Db,
  source: Source,
  harvest: () => Promise<Harvest>,
  opts: RunOptions = {},
): Promise<ImportRun> {
  const startedAt = new Date();
  let h: Harvest;
  try {
    h = await harvest();
  } catch (e) {
    const reason =
      e instanceof SourceError
        ? `${e.vi} — ${e.en}`
        : `Không đọc được nguồn — the source could not be read: ${(e as Error).message}`;
    opts.log?.warn({ source: source.id, err: e }, 'inventory: source failed');
    return record(db, source, { status: 'failed', reason, startedAt, report: [] }, opts);
  }
  const report: ReportRow[] = [...h.report];
  if (h.batch.devices) report.push(...(await claimConflicts(db, source.id, h.batch.devices)));
  if (h.batch.systems) report.push(...(await approvalProblems(db, h.batch.systems, todayVn())));
  if (report.length) {
    const reason = `${report.length} dòng có lỗi, không nhập gì — ${report.length} rows with problems, nothing imported`;
    return record(db, source, { status: 'rejected', reason, startedAt, report }, opts);
  }
  return db.transaction(async (tx) => {
    const counts = await applyBatch(tx, source.id, h.batch, new Date());
    const [run] = await tx
      .insert(inventoryImports)
      .values({
        sourceId: source.id,
        agencyId: source.agencyId,
        status: 'succeeded',
        counts,
        report: [],
        startedAt,
        finishedAt: new Date(),
        fileSha256: opts.fileSha256 ?? null,
        actorId: opts.actor?.id ?? null,
      })
      .returning();
    await tx
      .update(inventorySources)
      .set({ lastRunAt: startedAt, lastSuccessAt: startedAt, lastStatus: 'succeeded', lastError: null })
      .where(eq(inventorySources.id, source.id));
    // Every run is audited, a run that changed nothing too: who pulled what, when.
    await appendAudit(tx, {
      actorId: opts.actor?.id ?? null,
      actorLabel: opts.actor?.label ?? `inventory:${source.kind}`,
      requestId: opts.actor?.requestId ?? null,
      action: 'inventory.import',
      targetType: 'inventory_source',
      targetId: source.id,
      details: { ...counts, importId: run!.id },
      scope: { agencyId: source.agencyId },
    });
    return run!;
  });
}

async function record(
  db: Db,
  source: Source,
  r: { status: 'failed' | 'rejected'; reason: string; startedAt: Date; report: ReportRow[] },
  opts: RunOptions,
): Promise<ImportRun> {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(inventoryImports)
      .values({
        sourceId: source.id,
        agencyId: source.agencyId,
        status: r.status,
        reason: r.reason,
        report: r.report,
        startedAt: r.startedAt,
        finishedAt: new Date(),
        fileSha256: opts.fileSha256 ?? null,
        actorId: opts.actor?.id ?? null,
      })
      .returning();
    await tx
      .update(inventorySources)
      .set({ lastRunAt: r.startedAt, lastStatus: r.status, lastError: r.reason })
      .where(eq(inventorySources.id, source.id));
    // A refused run is recorded too: who tried what, and why nothing changed.
    await appendAudit(tx, {
      actorId: opts.actor?.id ?? null,
      actorLabel: opts.actor?.label ?? `inventory:${source.kind}`,
      requestId: opts.actor?.requestId ?? null,
      action: `inventory.import-${r.status}`,
      targetType: 'inventory_source',
      targetId: source.id,
      details: { importId: run!.id, reason: r.reason, rows: r.report.length },
      scope: { agencyId: source.agencyId },
    });
    return run!;
  });
}
