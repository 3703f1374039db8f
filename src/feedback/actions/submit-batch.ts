/**
 * New field reports filed at the same moment are written together (group commit). A submission's own work is small
 * (one read, one write), so most of what it cost was the transaction around it: BEGIN, the audit row and COMMIT
 * each a round trip, and a flush of the disk per report. The reports waiting meanwhile are written in one
 * transaction, set-wise: one statement reading the lookups of those sent with `confirmNew` and no photos (their only
 * checks: category, place, routing), one writing the reports and their first actions, one for photos, one for the
 * audit rows. A report that needs more checks (photos, duplicates) is checked before, outside any transaction (the
 * checks only read). A report its lookup refuses is answered with its own problem and left out; each other request is
 * answered once the transaction has committed; if a batch fails, each report is tried again alone, so a bad one fails
 * alone. The request is then marked audited and its Idempotency-Key reserved, as `transact` would have.
 */
import type { FastifyRequest } from 'fastify';
import {
  appendAuditBatch,
  GroupCommit,
  Problem,
  reserveIdempotencyClaim,
  type AuditEntry,
  type Database,
  type IdempotencyClaim,
  type Tx,
} from '../../platform/index.js';
import type { Report } from '../schema.js';
import {
  newReportFrom,
  submitLookups,
  writeNewReports,
  type NewReport,
  type SubmitContext,
  type SubmitInput,
  type SubmitView,
} from './submit.js';

/** The audit row of a report once written (its number is drawn as it is written); actor and request are filled in. */
export type ReportAudit = (report: Report) => Omit<AuditEntry, 'actorId' | 'actorLabel' | 'requestId'>;

/** A report checked already, or one whose checks its lookup decides alone (sent with confirmNew and no photos). */
export type Filing = { report: NewReport } | { input: SubmitInput; context: SubmitContext };

interface Waiting {
  filing: Filing;
  who: Pick<AuditEntry, 'actorId' | 'actorLabel' | 'requestId'>;
  auditOf: ReportAudit;
  claim: IdempotencyClaim | null;
}

type Filed = { report: Report; view: SubmitView };

async function writeFilings(tx: Tx, items: Waiting[]): Promise<(Filed | Problem)[]> {
  const unread = items.flatMap((it, i) => ('input' in it.filing ? [i] : []));
  const found = await submitLookups(
    tx,
    unread.map((i) => (items[i]!.filing as { input: SubmitInput }).input),
  );
  const out: (Filed | Problem)[] = [];
  const ready: { i: number; report: NewReport }[] = [];
  items.forEach((it, i) => {
    if ('report' in it.filing) return void ready.push({ i, report: it.filing.report });
    try {
      ready.push({ i, report: newReportFrom(it.filing.input, it.filing.context, found[unread.indexOf(i)]!) });
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      out[i] = e;
    }
  });
  if (!ready.length) return out;
  // A refused report keeps no retry key: its client may fix the body and send it again with the same key.
  for (const { i } of ready) if (items[i]!.claim) await reserveIdempotencyClaim(tx, items[i]!.claim!);
  const written = await writeNewReports(
    tx,
    ready.map((r) => r.report),
  );
  await appendAuditBatch(
    tx,
    written.map((w, j) => ({ ...items[ready[j]!.i]!.auditOf(w.report), ...items[ready[j]!.i]!.who })),
  );
  written.forEach((w, j) => (out[ready[j]!.i] = w));
  return out;
}

const batches = new WeakMap<Database, GroupCommit<Waiting, Filed | Problem>>();

/** Writes a new report on the request's behalf, with its audit row, and answers it once committed. */
export async function fileNewReport(req: FastifyRequest, filing: Filing, auditOf: ReportAudit): Promise<Filed> {
  const database = req.server.ctx.database;
  let g = batches.get(database);
  if (!g) batches.set(database, (g = new GroupCommit(database.db, writeFilings)));
  const p = req.principal;
  const claim = req.idempotency && !req.idempotency.reserved ? req.idempotency : null;
  // Who and which request, as `transact` fills them in.
  const who = { actorId: p?.accountId ?? null, actorLabel: p ? p.username : 'anonymous', requestId: req.id };
  const filed = await g.submit({ filing, who, auditOf, claim });
  if (filed instanceof Problem) throw filed;
  req.audited = true;
  if (claim) claim.reserved = true;
  return filed;
}
