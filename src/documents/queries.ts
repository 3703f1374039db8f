/** Reading documents: the search and the queues, and one document's full view. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import {
  accounts,
  coverageOf,
  queryRows,
  requireAuth,
  type Db,
  type Executor,
  type Principal,
  type ScopeResolver,
} from '../platform/index.js';
import { agencies } from '../directory/index.js';
import { mayPerform } from './access.js';
import { ACTIONS } from './actions/index.js';
import {
  documentActions,
  documentAssignments,
  documentFiles,
  documents,
  documentTypes,
  documentVersions,
  type Document,
} from './schema.js';
import type { DocumentSummaryT } from './views.js';
import { searchPlan } from './search.js';

export const OPEN_INCOMING = ['registered', 'assigned', 'in_progress'] as const;

export const QUEUES = [
  'mine',
  'to-assign',
  'due-soon',
  'overdue',
  'to-review',
  'to-approve',
  'to-number',
  'to-sign',
  'to-issue',
  'to-send',
] as const;
export type Queue = (typeof QUEUES)[number];

export interface DocumentQuery {
  q?: string;
  direction?: 'incoming' | 'outgoing';
  registerId?: string;
  typeCode?: string;
  status?: string;
  agencyId?: string;
  handlerId?: string;
  from?: string;
  to?: string;
  queue?: Queue;
  workRecordId?: string;
  limit?: number;
  offset?: number;
}

/** What the caller may list: their agencies' documents, and those given to them personally. */
async function visibility(p: Principal, scopes: ScopeResolver): Promise<SQL | null> {
  const cov = await coverageOf(p, 'documents.read', scopes);
  if (cov.province) return null;
  const me = p.accountId;
  const personal = sql`(${documents.drafterId} = ${me} OR ${documents.reviewerId} = ${me} OR ${documents.signerId} = ${me} OR ${documents.leadHandlerId} = ${me}
    OR ${documents.id} IN (SELECT document_id FROM document_assignments WHERE account_id = ${me} AND active))`;
  if (!cov.agencyIds.length) return personal;
  return sql`(${inArray(documents.agencyId, cov.agencyIds)} OR ${inArray(documents.draftingUnitId, cov.agencyIds)} OR ${personal})`;
}

const vnDay = (d: string) => sql`((${d})::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`;

export async function listDocuments(
  req: FastifyRequest,
  q: DocumentQuery,
  dueSoonBefore: Date,
  now: Date,
): Promise<{ items: DocumentSummaryT[]; total: number; totalCapped: boolean }> {
  const p = requireAuth(req);
  const ex = req.server.ctx.db;
  const where: SQL[] = [];
  const vis = await visibility(p, req.server.ctx.scopes);
  if (vis) where.push(vis);
  const text = q.q?.trim();
  const plan = text ? await searchPlan(ex, text) : null;
  // A text with nothing to search for (no word once unaccented) finds nothing, rather than everything.
  if (text && !plan) return { items: [], total: 0, totalCapped: false };
  if (q.direction) where.push(eq(documents.direction, q.direction));
  if (q.registerId) where.push(eq(documents.registerId, q.registerId));
  if (q.typeCode) where.push(eq(documents.typeCode, q.typeCode));
  if (q.agencyId) where.push(eq(documents.agencyId, q.agencyId));
  if (q.workRecordId) where.push(eq(documents.workRecordId, q.workRecordId));
  if (q.status)
    where.push(
      inArray(
        documents.status,
        q.status
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean) as Document['status'][],
      ),
    );
  if (q.handlerId)
    where.push(
      sql`${documents.id} IN (SELECT document_id FROM document_assignments WHERE account_id = ${q.handlerId} AND active AND role IN ('lead', 'co'))`,
    );
  if (q.from) where.push(sql`${documents.registeredAt} >= ${vnDay(q.from)}`);
  if (q.to) where.push(sql`${documents.registeredAt} < ${vnDay(q.to)} + interval '1 day'`);
  const me = p.accountId;
  const open = inArray(documents.status, [...OPEN_INCOMING]);
  switch (q.queue) {
    case 'mine':
      where.push(sql`((${open} AND ${documents.id} IN (SELECT document_id FROM document_assignments WHERE account_id = ${me} AND active))
        OR (${documents.status} = 'draft' AND ${documents.drafterId} = ${me}) OR (${documents.status} = 'in_review' AND ${documents.reviewerId} = ${me})
        OR (${documents.status} IN ('in_approval', 'numbered') AND ${documents.signerId} = ${me}))`);
      break;
    case 'to-assign':
      where.push(eq(documents.status, 'registered'));
      break;
    case 'due-soon':
      where.push(
        and(
          open,
          sql`${documents.dueAt} >= ${now.toISOString()}::timestamptz AND ${documents.dueAt} < ${dueSoonBefore.toISOString()}::timestamptz`,
        )!,
      );
      break;
    case 'overdue':
      where.push(and(open, sql`${documents.dueAt} < ${now.toISOString()}::timestamptz`)!);
      break;
    case 'to-review':
      where.push(eq(documents.status, 'in_review'));
      break;
    case 'to-approve':
      where.push(eq(documents.status, 'in_approval'));
      break;
    case 'to-number':
      where.push(eq(documents.status, 'approved'));
      break;
    case 'to-sign':
      where.push(eq(documents.status, 'numbered'));
      break;
    case 'to-issue':
      where.push(eq(documents.status, 'signed'));
      break;
    case 'to-send':
      where.push(eq(documents.status, 'issued'));
      break;
    default:
  }
  const page = (match: SQL | null) => {
    const all = match ? [...where, match] : where;
    return pageOf(ex, all.length ? and(...all) : undefined, q, plan ? text! : null, now);
  };
  let result = await page(plan?.where ?? null);
  // Nothing holds every word as typed: try again with the mistyped words corrected (search.ts).
  if (plan?.kind === 'words' && result.total === 0 && !q.offset) {
    const corrected = await plan.corrected!();
    if (corrected) result = await page(corrected);
  }
  return result;
}

/** Past this many matches a search says "more than" rather than counting them all (a count reads every match). */
export const SEARCH_COUNT_CAP = 1000;

/**
 * One page, newest first, and its count. A register is read newest first; ordering thousands of matches by
 * relevance would read every one of them, where newest first stops after a page. A search's count stops at
 * SEARCH_COUNT_CAP; the queues' and filters' counts are exact.
 */
async function pageOf(
  db: Db,
  cond: SQL | undefined,
  q: DocumentQuery,
  text: string | null,
  now: Date,
): Promise<{ items: DocumentSummaryT[]; total: number; totalCapped: boolean }> {
  const lead = sql<string | null>`(SELECT display_name FROM accounts WHERE id = ${documents.leadHandlerId})`;
  const rows = (ex: Executor) =>
    ex
      .select({ d: documents, agencyName: agencies.name, typeName: documentTypes.name, leadName: lead })
      .from(documents)
      .innerJoin(agencies, eq(agencies.id, documents.agencyId))
      .innerJoin(documentTypes, eq(documentTypes.code, documents.typeCode))
      .where(cond)
      .orderBy(desc(documents.registeredAt), desc(documents.number))
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0);
  if (!text) {
    const [found, [{ total } = { total: 0 }]] = await Promise.all([
      rows(db),
      db
        .select({ total: sql<number>`count(*)::int` })
        .from(documents)
        .where(cond),
    ]);
    return {
      items: found.map((r) => summaryOf(r.d, r.agencyName, r.typeName, r.leadName, now)),
      total: Number(total),
      totalCapped: false,
    };
  }
  // A search counts first, because the count says which way to read the page, and PostgreSQL cannot know it: its
  // estimate of a full-text match's selectivity is often a hundred times off. Many matches: walk the documents newest
  // first and stop after a page (a few rows read per match). Few: take the matches from the index and sort them. The
  // wrong way round costs seconds over 500,000 documents — walking every document for a rare word, or sorting 50,000
  // matches of a common one.
  const { found, total } = await db.transaction(async (tx) => {
    const [{ total } = { total: 0 }] = await tx.select({ total: sql<number>`count(*)::int` }).from(
      tx
        .select({ one: sql`1` })
        .from(documents)
        .where(cond)
        .limit(SEARCH_COUNT_CAP + 1)
        .as('matches'),
    );
    if (!Number(total)) return { found: [], total: 0 };
    if (Number(total) > SEARCH_COUNT_CAP) {
      await tx.execute(sql`SET LOCAL enable_bitmapscan = off`);
      // Parallel workers would each walk their share of the table before the page is known; one walk stops at once.
      await tx.execute(sql`SET LOCAL max_parallel_workers_per_gather = 0`);
    } else await tx.execute(sql`SET LOCAL enable_indexscan = off`);
    return { found: await rows(tx), total: Number(total) };
  });
  // The rank (closeness of the text to each document, 0–1), for the page only: over every match it would cost as much
  // as the search itself.
  const ranks = new Map(
    found.length
      ? (
          await queryRows<{ id: string; rank: number }>(
            db,
            sql`SELECT id, word_similarity(lower(f_unaccent(${text})), search) AS rank FROM documents
                WHERE id IN (${sql.join(
                  found.map((r) => sql`${r.d.id}`),
                  sql`, `,
                )})`,
          )
        ).map((r) => [r.id, Number(r.rank)])
      : [],
  );
  const capped = total > SEARCH_COUNT_CAP;
  return {
    items: found.map((r) => summaryOf(r.d, r.agencyName, r.typeName, r.leadName, now, ranks.get(r.d.id) ?? 0)),
    total: capped ? SEARCH_COUNT_CAP : total,
    totalCapped: capped,
  };
}

export function summaryOf(
  d: Document,
  agencyName: string,
  typeName: string,
  leadName: string | null,
  now: Date,
  rank?: number,
): DocumentSummaryT {
  const late =
    d.direction === 'incoming' &&
    d.dueAt !== null &&
    (d.completedAt
      ? d.completedAt > d.dueAt
      : (OPEN_INCOMING as readonly string[]).includes(d.status) && d.dueAt < now);
  return {
    id: d.id,
    direction: d.direction,
    agencyId: d.agencyId,
    agencyName,
    typeCode: d.typeCode,
    typeName,
    status: d.status,
    registerId: d.registerId,
    number: d.number,
    numberSymbol: d.numberSymbol,
    summary: d.summary,
    urgency: d.urgency,
    confidentiality: d.confidentiality,
    registeredAt: d.registeredAt.toISOString(),
    senderName: d.senderName,
    originalNumberSymbol: d.originalNumberSymbol,
    originalDate: d.originalDate,
    dueAt: d.dueAt?.toISOString() ?? null,
    leadHandlerId: d.leadHandlerId,
    leadHandlerName: leadName,
    completedAt: d.completedAt?.toISOString() ?? null,
    outcome: d.outcome,
    issueDate: d.issueDate,
    issuedAt: d.issuedAt?.toISOString() ?? null,
    signerName: d.signerName,
    textState: d.textState,
    workRecordId: d.workRecordId,
    late: Boolean(late),
    ...(rank !== undefined ? { rank } : {}),
  };
}

export const actionView = (a: typeof documentActions.$inferSelect) => ({
  seq: a.seq,
  action: a.action,
  actorId: a.actorId,
  actorLabel: a.actorLabel,
  at: a.at.toISOString(),
  fromStatus: a.fromStatus,
  toStatus: a.toStatus,
  details: a.details,
});

export async function detailView(req: FastifyRequest, d: Document, now: Date) {
  const p = requireAuth(req);
  const ex: Executor = req.server.ctx.db;
  const [[agency], [type], actions, assignments, versions, fileRows] = await Promise.all([
    ex.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, d.agencyId)),
    ex.select({ name: documentTypes.name }).from(documentTypes).where(eq(documentTypes.code, d.typeCode)),
    ex.select().from(documentActions).where(eq(documentActions.documentId, d.id)).orderBy(asc(documentActions.seq)),
    ex
      .select({ a: documentAssignments, displayName: accounts.displayName })
      .from(documentAssignments)
      .innerJoin(accounts, eq(accounts.id, documentAssignments.accountId))
      .where(eq(documentAssignments.documentId, d.id))
      .orderBy(asc(documentAssignments.assignedAt)),
    ex
      .select({
        version: documentVersions.version,
        createdAt: documentVersions.createdAt,
        createdBy: documentVersions.createdBy,
        note: documentVersions.note,
      })
      .from(documentVersions)
      .where(eq(documentVersions.documentId, d.id))
      .orderBy(asc(documentVersions.version)),
    ex.select().from(documentFiles).where(eq(documentFiles.documentId, d.id)).orderBy(asc(documentFiles.addedAt)),
  ]);
  const leadName = assignments.find((a) => a.a.active && a.a.role === 'lead')?.displayName ?? null;
  const allowed: string[] = [];
  for (const def of ACTIONS) {
    if (!def.from.includes(d.status) || (def.direction !== 'both' && def.direction !== d.direction)) continue;
    if (await mayPerform(ex, def, d, p, req.server.ctx.scopes)) allowed.push(def.name);
  }
  return {
    ...summaryOf(d, agency?.name ?? '', type?.name ?? d.typeCode, leadName, now),
    body: d.body,
    recipients: d.recipients,
    draftingUnitId: d.draftingUnitId,
    drafterId: d.drafterId,
    reviewerId: d.reviewerId,
    signerId: d.signerId,
    signerCapacity: d.signerCapacity,
    signerTitle: d.signerTitle,
    version: d.version,
    inReplyToId: d.inReplyToId,
    replacesId: d.replacesId,
    outcomeNote: d.outcomeNote,
    receivedVia: d.receivedVia,
    senderAgencyId: d.senderAgencyId,
    numberedAt: d.numberedAt?.toISOString() ?? null,
    sentAt: d.sentAt?.toISOString() ?? null,
    signedDigitally: d.signedDigitally,
    sentElectronically: d.sentElectronically,
    sentWithPaper: d.sentWithPaper,
    pdfSha256: d.pdfSha256,
    layout: d.layout,
    actions: actions.map(actionView),
    assignments: assignments.map(({ a, displayName }) => ({
      id: a.id,
      accountId: a.accountId,
      displayName,
      role: a.role,
      parentId: a.parentId,
      assignedBy: a.assignedBy,
      assignedAt: a.assignedAt.toISOString(),
      dueAt: a.dueAt?.toISOString() ?? null,
      instruction: a.instruction,
      active: a.active,
    })),
    versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
    files: fileRows.map((f) => ({
      id: f.id,
      sha256: f.sha256,
      role: f.role,
      name: f.name,
      pages: f.pages,
      textState: f.textState,
      addedAt: f.addedAt.toISOString(),
    })),
    allowedActions: allowed,
  };
}
