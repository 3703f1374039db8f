/**
 * Writes a harvest into the registry in one transaction: new facts are inserted, changed ones updated, unchanged ones
 * left untouched (so a second run changes nothing), and a fact the source no longer lists is marked gone, never
 * deleted. Only the kinds the source sent are compared: a source never wipes facts it did not send.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { insertRows, queryRows, type Executor, type Tx } from '../platform/index.js';
import { FACT_KINDS, fingerprint, row, type Batch, type DeviceFact, type FactKind, type SystemFact } from './facts.js';
import {
  inventoryApplications,
  inventoryDatabases,
  inventoryDevices,
  inventoryNetworks,
  inventorySystems,
  type ImportCounts,
  type ReportRow,
} from './schema.js';

export const FACT_TABLES = {
  devices: inventoryDevices,
  networks: inventoryNetworks,
  systems: inventorySystems,
  applications: inventoryApplications,
  databases: inventoryDatabases,
} as const;

// Every fact table has these columns; the import treats them alike.
type FactTable = typeof inventoryNetworks;
const CHUNK = 1000;

function chunks<T>(xs: T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export async function applyBatch(tx: Tx, sourceId: string, batch: Batch, now: Date): Promise<ImportCounts> {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0, gone: 0 };
  for (const kind of FACT_KINDS) {
    const facts = batch[kind];
    if (!facts) continue;
    const t = FACT_TABLES[kind] as unknown as FactTable;
    const existing = await tx
      .select({ id: t.id, externalId: t.externalId, fingerprint: t.fingerprint, status: t.status })
      .from(t)
      .where(eq(t.sourceId, sourceId));
    const byExternal = new Map(existing.map((e) => [e.externalId, e]));
    const inserts: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    for (const f of facts) {
      seen.add(f.externalId);
      const fp = fingerprint(f);
      const e = byExternal.get(f.externalId);
      if (!e) inserts.push({ ...f, sourceId, fingerprint: fp, updatedAt: now });
      else if (e.fingerprint !== fp || e.status === 'gone') {
        await tx
          .update(t)
          .set({ ...f, fingerprint: fp, status: 'active', goneAt: null, updatedAt: now } as never)
          .where(eq(t.id, e.id));
        counts.updated++;
      } else counts.unchanged++;
    }
    // One JSON parameter per chunk (jsonb_to_recordset): binding 18 parameters a row is what made 100,000 slow.
    for (const part of chunks(inserts, 5000)) await insertRows(tx, t, part as never, { returning: false });
    counts.created += inserts.length;
    const gone = existing.filter((e) => e.status === 'active' && !seen.has(e.externalId)).map((e) => e.id);
    for (const part of chunks(gone))
      await tx.update(t).set({ status: 'gone', goneAt: now, updatedAt: now }).where(inArray(t.id, part));
    counts.gone += gone.length;
  }
  return counts;
}

/**
 * A device is one machine whatever tool reports it: the same serial number at two agencies (within the harvest, or
 * against what other sources already hold) is a row of the report, not a silent move.
 */
export async function claimConflicts(db: Executor, sourceId: string, devices: DeviceFact[]): Promise<ReportRow[]> {
  const report: ReportRow[] = [];
  const firstAgency = new Map<string, string>();
  for (const d of devices) {
    if (!d.serial) continue;
    const a = firstAgency.get(d.serial);
    if (a === undefined) firstAgency.set(d.serial, d.agencyId);
    else if (a !== d.agencyId) report.push(claimed(d));
  }
  const serials = [...firstAgency.keys()];
  const held = new Map<string, string>();
  for (const part of chunks(serials, 5000)) {
    const rows = await db
      .select({ serial: inventoryDevices.serial, agencyId: inventoryDevices.agencyId })
      .from(inventoryDevices)
      .where(
        and(
          inArray(inventoryDevices.serial, part),
          ne(inventoryDevices.sourceId, sourceId),
          eq(inventoryDevices.status, 'active'),
        ),
      );
    for (const r of rows) held.set(r.serial!, r.agencyId);
  }
  for (const d of devices) {
    const other = d.serial ? held.get(d.serial) : undefined;
    if (other && other !== d.agencyId) report.push(claimed(d));
  }
  return report;
}
const claimed = (d: DeviceFact) =>
  row(
    d.externalId,
    'device-claimed-twice',
    `Thiết bị số sê-ri ${d.serial} đã thuộc một cơ quan khác.`,
    `The device with serial ${d.serial} is already claimed by another agency.`,
  );

/**
 * The approval decision (quyết định phê duyệt hồ sơ đề xuất cấp độ) a system names must exist: a document id must be an
 * issued decision (QĐ) of the documents module, read through its published view `documents_stats`; a number must
 * look like one (`12/QĐ-UBND`) and come with a date that is not in the future.
 */
export async function approvalProblems(db: Executor, systems: SystemFact[], today: string): Promise<ReportRow[]> {
  const report: ReportRow[] = [];
  const ids = [...new Set(systems.map((s) => s.approvalDocumentId).filter((x): x is string => Boolean(x)))];
  let issued = new Set<string>();
  let documentsAvailable = true;
  if (ids.length) {
    const [{ view }] = (await queryRows<{ view: string | null }>(
      db,
      sql`SELECT to_regclass('public.documents_stats')::text AS view`,
    )) as [{ view: string | null }];
    documentsAvailable = Boolean(view);
    if (view) {
      const rows = await queryRows<{ id: string }>(
        db,
        sql`SELECT document_id::text AS id FROM documents_stats
          WHERE document_id::text IN ${ids} AND type_code = 'QĐ' AND issued_at IS NOT NULL`,
      );
      issued = new Set(rows.map((r) => r.id));
    }
  }
  for (const s of systems) {
    if (s.approvalDocumentId && !issued.has(s.approvalDocumentId))
      report.push(
        documentsAvailable
          ? row(
              s.externalId,
              'approval-not-found',
              `Không có quyết định ban hành với mã ${s.approvalDocumentId}.`,
              `No issued decision with id ${s.approvalDocumentId}.`,
            )
          : row(
              s.externalId,
              'approval-unverifiable',
              'Chưa kiểm tra được văn bản (phân hệ văn bản chưa sẵn sàng): hãy ghi số và ngày quyết định.',
              'The document cannot be checked (the documents module is not available): give the decision’s number and date.',
            ),
      );
    if (s.approvalNumber && !DECISION_NUMBER.test(s.approvalNumber))
      report.push(
        row(
          s.externalId,
          'approval-number',
          `Số quyết định “${s.approvalNumber}” không đúng dạng (ví dụ 12/QĐ-UBND).`,
          `Decision number “${s.approvalNumber}” is not of the form 12/QĐ-UBND.`,
        ),
      );
    if (s.approvalNumber && (!s.approvalDate || s.approvalDate > today))
      report.push(
        row(
          s.externalId,
          'approval-date',
          'Quyết định phê duyệt cần ngày ban hành không muộn hơn hôm nay.',
          'An approval decision needs its date, not later than today.',
        ),
      );
    if ((s.approvalNumber || s.approvalDocumentId) && s.securityLevel === null)
      report.push(
        row(
          s.externalId,
          'approval-without-level',
          'Có quyết định phê duyệt nhưng không ghi cấp độ.',
          'An approval decision without a security level.',
        ),
      );
  }
  return report;
}
/** Number and symbol of a decision under Nghị định 30/2020: `{number}/QĐ-{issuer}`. */
export const DECISION_NUMBER = /^\d{1,6}\/Q[ĐD]-[\p{L}\p{N}.&-]{1,40}$/u;

export type { FactKind };
