/**
 * The exchange between agencies (liên thông văn bản, Quyết định 28/2018/QĐ-TTg): the outbox of envelopes and status
 * packets, their delivery (to an agency of this deployment through the same receiving path, or to a peer deployment
 * over HTTP) retried by the job runner until acknowledged, and the receiving side, which applies a message id once.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import {
  appendAudit,
  enqueue,
  Problem,
  problems,
  type AppContext,
  type Executor,
  type Tx,
} from '../../platform/index.js';
import { documentActions, documentAgencySettings, documents, documentTypes, type Document } from '../schema.js';
import { registerIncoming } from '../incoming.js';
import { appendAction } from '../service.js';
import { readPdfText } from '../pdf-text.js';
import { checkAndKeep } from '../signing/service.js';
import {
  buildEdoc,
  buildStatus,
  documentIdOf,
  parseEdoc,
  parseStatus,
  EdxmlFormatError,
  STATUS_CODES,
  type Organ,
  type StatusCode,
} from './edxml.js';
import { signTransport, verifyTransport, TransportRejected } from './transport.js';
import { documentExchangeMessages, documentExchangePeers, type BusinessType } from './schema.js';
import { agencies } from '../../directory/index.js';

export const DELIVER_JOB = 'documents.exchange.deliver';
export const RECEIPTS_JOB = 'documents.exchange.receipts';
export type ExchangeMessage = typeof documentExchangeMessages.$inferSelect;

async function organOf(ex: Executor, agencyId: string): Promise<Organ> {
  const [a] = await ex
    .select({ code: agencies.code, name: agencies.name })
    .from(agencies)
    .where(eq(agencies.id, agencyId));
  if (!a) throw new Error(`agency ${agencyId} unknown`);
  return { organId: a.code, organName: a.name };
}

/** The peer that serves an organ id, if any; otherwise the organ is ours when our directory has it. */
async function routeFor(
  ex: Executor,
  organId: string,
): Promise<{ peer: typeof documentExchangePeers.$inferSelect | null; localAgencyId: string | null }> {
  const peers = await ex
    .select()
    .from(documentExchangePeers)
    .where(and(eq(documentExchangePeers.active, true), sql`${organId} = ANY(${documentExchangePeers.organIds})`));
  if (peers[0]) return { peer: peers[0], localAgencyId: null };
  const [a] = await ex.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, organId));
  return { peer: null, localAgencyId: a?.id ?? null };
}

/** The edXML DocumentId of an outgoing document. */
async function edxmlDocumentId(ex: Executor, d: Document): Promise<string> {
  const from = await organOf(ex, d.agencyId);
  const [num, ...rest] = (d.numberSymbol ?? '').split('/');
  return documentIdOf(from.organId, d.issueDate ?? new Date().toISOString().slice(0, 10), num ?? '', rest.join('/'));
}

/**
 * Queues the envelopes of `d` to its recipients that have an agency (inside the action's transaction: the outbox).
 * Unknown recipients (no agency, no peer serving its organ) are refused before anything is written.
 */
export async function queueEnvelopes(
  tx: Tx,
  d: Document,
  business: BusinessType,
  reason?: string,
  onlyOrgans?: string[],
  replacesDocumentId?: string,
): Promise<ExchangeMessage[]> {
  const from = await organOf(tx, d.agencyId);
  const targets = (d.recipients ?? []).filter((r) => r.agencyId);
  const unknownRecipient = (who: string) =>
    problems.invalidField(
      '/recipients',
      {
        vi: `Không có đường gửi tới cơ quan ${who}: cơ quan không có trên hệ thống và không hệ thống liên thông nào nhận thay.`,
        en: `No route to the agency ${who}: it is not on this platform and no peer deployment serves it.`,
      },
      'unknown-recipient',
    );
  const organs: string[] = [];
  for (const r of targets) {
    // A recipient's agency id is not checked when the draft is saved: one not in the directory is refused here.
    const [a] = await tx.select({ code: agencies.code }).from(agencies).where(eq(agencies.id, r.agencyId!));
    if (!a) throw unknownRecipient(r.name);
    organs.push(a.code);
  }
  const wanted = onlyOrgans ? organs.filter((o) => onlyOrgans.includes(o)) : organs;
  for (const organId of wanted) {
    const route = await routeFor(tx, organId);
    if (!route.peer && !route.localAgencyId) throw unknownRecipient(organId);
  }
  const documentId = await edxmlDocumentId(tx, d);
  let replaces: string | undefined;
  if (replacesDocumentId) {
    const [old] = await tx.select().from(documents).where(eq(documents.id, replacesDocumentId));
    if (old) replaces = await edxmlDocumentId(tx, old);
  }
  const out: ExchangeMessage[] = [];
  for (const organId of wanted) {
    const messageId = randomUUID();
    const [m] = await tx
      .insert(documentExchangeMessages)
      .values({
        messageId,
        direction: 'out',
        kind: 'edoc',
        business,
        documentId: d.id,
        fromOrganId: from.organId,
        toOrganId: organId,
        state: 'pending',
        body: '',
        meta: { edxmlDocumentId: documentId, ...(reason ? { reason } : {}), ...(replaces ? { replaces } : {}) },
      })
      .returning();
    await enqueue(tx, DELIVER_JOB, { id: m!.id }, { dedupeKey: `exchange:${m!.id}`, maxAttempts: 25 });
    out.push(m!);
  }
  return out;
}

/** The envelope's XML, built once (at the first delivery attempt) so that every retry sends the same bytes. */
async function envelopeBody(ctx: AppContext, m: ExchangeMessage): Promise<string> {
  const [d] = await ctx.db.select().from(documents).where(eq(documents.id, m.documentId!));
  if (!d) throw new Error('document gone');
  const from = await organOf(ctx.db, d.agencyId);
  const [to] = await ctx.db.select({ name: agencies.name }).from(agencies).where(eq(agencies.code, m.toOrganId));
  const [t] = await ctx.db.select().from(documentTypes).where(eq(documentTypes.code, d.typeCode));
  const [settings] = await ctx.db
    .select()
    .from(documentAgencySettings)
    .where(eq(documentAgencySettings.agencyId, d.agencyId));
  const [num, ...rest] = (d.numberSymbol ?? '').split('/');
  const meta = m.meta as { edxmlDocumentId: string; reason?: string; replaces?: string };
  const pdf = m.business === 'recall' || !d.pdfSha256 ? null : (await ctx.files.readFile(d.pdfSha256)).data;
  return buildEdoc({
    from: { ...from, organizationInCharge: settings?.parentName ?? '' },
    to: [{ organId: m.toOrganId, organName: to?.name ?? m.toOrganId }],
    code: { number: num ?? '', notation: rest.join('/') },
    promulgation: { place: settings?.place ?? '', date: d.issueDate ?? new Date().toISOString().slice(0, 10) },
    documentType: { type: String(t?.ordinal ?? 0), typeName: t?.name ?? d.typeCode, typeDetail: d.typeCode },
    subject: d.summary,
    signer: { competence: d.signerCapacity ?? '', position: d.signerTitle ?? '', fullName: d.signerName ?? '' },
    toPlaces: (d.recipients ?? []).map((r) => r.name),
    priority: ['normal', 'urgent', 'very_urgent', 'flash'].indexOf(d.urgency),
    steeringType: 1,
    documentId: meta.edxmlDocumentId,
    business: (m.business ?? 'new') as 'new',
    businessReason: meta.reason ?? '',
    replaces: meta.replaces ?? null,
    traceTimestamp: new Date(),
    attachments: pdf
      ? [
          {
            contentId: '1',
            name: `${(d.numberSymbol ?? 'van-ban').replace(/[^\p{L}\p{N}-]+/gu, '_')}.pdf`,
            contentType: 'application/pdf',
            data: pdf,
          },
        ]
      : [],
  });
}

/** Sends a status packet answering the envelope `inbound` (a received one). */
export async function queueStatus(
  tx: Tx,
  inbound: ExchangeMessage,
  code: StatusCode,
  description?: string,
): Promise<void> {
  const [a] = await tx
    .select({ id: agencies.id, code: agencies.code, name: agencies.name })
    .from(agencies)
    .where(eq(agencies.code, inbound.toOrganId));
  const meta = inbound.meta as { edxmlDocumentId?: string; code?: string; promulgationDate?: string };
  const body = buildStatus({
    responseFor: {
      organId: inbound.fromOrganId,
      code: meta.code ?? '',
      promulgationDate: meta.promulgationDate ?? '',
      documentId: meta.edxmlDocumentId ?? '',
    },
    from: { organId: inbound.toOrganId, organName: a?.name ?? inbound.toOrganId },
    statusCode: code,
    description: description ?? STATUS_CODES[code].vi,
    timestamp: new Date(),
  });
  const [m] = await tx
    .insert(documentExchangeMessages)
    .values({
      messageId: randomUUID(),
      direction: 'out',
      kind: 'status',
      documentId: inbound.documentId,
      relatesTo: inbound.messageId,
      fromOrganId: inbound.toOrganId,
      toOrganId: inbound.fromOrganId,
      statusCode: code,
      description: description ?? STATUS_CODES[code].vi,
      state: 'pending',
      body,
    })
    .returning();
  await enqueue(tx, DELIVER_JOB, { id: m!.id }, { dedupeKey: `exchange:${m!.id}`, maxAttempts: 25 });
}

export interface Incoming {
  body: string;
  signature: string | undefined;
}

export interface ReceiveResult {
  messageId: string;
  duplicate: boolean;
  statusCode?: StatusCode;
}

const rejected = (code: string, vi: string, en: string, status = 400) =>
  status === 404
    ? // The messages are whole sentences: problems.notFound would wrap them in its own "… not found".
      new Problem({ status: 404, code, title: { vi: 'Không tìm thấy', en: 'Not found' }, detail: { vi, en } })
    : status === 401
      ? Object.assign(problems.unauthorized(), { code })
      : problems.invalidField('/body', { vi, en }, code);

/** The receiving path (the HTTP inbox and local delivery): verify, then apply a message id at most once. */
export async function receiveMessage(ctx: AppContext, msg: Incoming, reqId?: string): Promise<ReceiveResult> {
  let claims;
  try {
    ({ claims } = await verifyTransport(ctx.db, msg.body, msg.signature));
  } catch (e) {
    if (e instanceof TransportRejected)
      throw problems.unauthorized({
        vi: `Chữ ký gói tin không hợp lệ (${e.code}).`,
        en: `The message signature is not valid (${e.code}): ${e.message}.`,
      });
    throw e;
  }
  const [seen] = await ctx.db
    .select()
    .from(documentExchangeMessages)
    .where(and(eq(documentExchangeMessages.direction, 'in'), eq(documentExchangeMessages.messageId, claims.mid)));
  if (seen) return { messageId: claims.mid, duplicate: true };
  return claims.kind === 'status'
    ? receiveStatus(ctx, msg.body, claims.mid, claims.rel ?? null, reqId)
    : receiveEdoc(ctx, msg.body, claims.mid, reqId);
}

function audit(
  tx: Tx,
  action: string,
  targetId: string | null,
  agencyId: string | null,
  details: Record<string, unknown>,
  reqId?: string,
) {
  return appendAudit(tx, {
    actorId: null,
    actorLabel: 'exchange',
    action,
    targetType: 'document',
    targetId,
    requestId: reqId ?? null,
    details,
    scope: { agencyId },
  });
}

async function insertInbound(
  tx: Tx,
  row: typeof documentExchangeMessages.$inferInsert,
): Promise<ExchangeMessage | null> {
  const [m] = await tx.insert(documentExchangeMessages).values(row).onConflictDoNothing().returning();
  return m ?? null;
}

async function receiveEdoc(ctx: AppContext, body: string, mid: string, reqId?: string): Promise<ReceiveResult> {
  let edoc;
  try {
    edoc = parseEdoc(body);
  } catch (e) {
    if (e instanceof EdxmlFormatError)
      throw rejected(
        'edxml-invalid',
        `Gói tin edXML không hợp lệ: ${e.message}`,
        `Invalid edXML envelope: ${e.message}`,
      );
    throw e;
  }
  const to = edoc.to[0]!;
  const route = await routeFor(ctx.db, to.organId);
  if (route.peer || !route.localAgencyId)
    throw rejected(
      'unknown-recipient',
      `Cơ quan nhận ${to.organId} không thuộc hệ thống này.`,
      `The recipient ${to.organId} is not on this deployment.`,
    );
  const agencyId = route.localAgencyId;
  const meta = {
    edxmlDocumentId: edoc.documentId,
    code: `${edoc.code.number}/${edoc.code.notation}`,
    promulgationDate: edoc.promulgation.date,
  };

  if (edoc.business === 'recall') {
    return ctx.db.transaction(async (tx) => {
      const original = await receivedDocument(tx, edoc.from.organId, edoc.documentId, agencyId);
      if (!original)
        throw rejected('unknown-document', 'Không có văn bản cần lấy lại.', 'No such document to recall.', 404);
      const m = await insertInbound(tx, {
        messageId: mid,
        direction: 'in',
        kind: 'edoc',
        business: 'recall',
        documentId: original.document.id,
        fromOrganId: edoc.from.organId,
        toOrganId: to.organId,
        state: 'applied',
        body: '',
        meta,
      });
      if (!m) return { messageId: mid, duplicate: true };
      const d = original.document;
      if (d.status !== 'withdrawn') {
        const a = await appendAction(tx, d, {
          action: 'withdraw',
          actorId: null,
          actorLabel: edoc.from.organName || edoc.from.organId,
          at: new Date(),
          to: 'withdrawn',
          details: { by: 'sender', reason: edoc.businessReason ?? '' },
        });
        await tx
          .update(documents)
          .set({ status: 'withdrawn', lastSeq: a.seq, updatedAt: new Date() })
          .where(eq(documents.id, d.id));
      }
      await queueStatus(tx, { ...original.message, documentId: d.id }, '15', 'Đồng ý lấy lại văn bản');
      await audit(tx, 'document.exchange.recalled', d.id, agencyId, { messageId: mid }, reqId);
      return { messageId: mid, duplicate: false, statusCode: '15' as StatusCode };
    });
  }

  const pdf = edoc.attachments.find((a) => a.contentType === 'application/pdf');
  let text: Awaited<ReturnType<typeof readPdfText>> | null = null;
  let stored: { sha256: string } | null = null;
  if (pdf) {
    try {
      text = await readPdfText(pdf.data);
    } catch {
      throw rejected('pdf-unreadable', 'Tệp PDF đính kèm bị hỏng.', 'The attached PDF is damaged.');
    }
    stored = await ctx.files.put(pdf.data, {
      declaredType: 'application/pdf',
      filename: pdf.name,
      allowedTypes: ['application/pdf'],
      maxBytes: 100 * 1024 * 1024,
    });
  }
  const [typeRow] = await ctx.db
    .select()
    .from(documentTypes)
    .where(
      edoc.documentType.typeDetail
        ? eq(documentTypes.code, edoc.documentType.typeDetail)
        : eq(documentTypes.name, edoc.documentType.typeName),
    );
  const [senderAgency] = await ctx.db
    .select({ id: agencies.id })
    .from(agencies)
    .where(eq(agencies.code, edoc.from.organId));
  const replaced =
    edoc.business === 'update' || edoc.business === 'replace'
      ? await receivedDocument(ctx.db, edoc.from.organId, edoc.replaces || edoc.documentId, agencyId)
      : null;
  if ((edoc.business === 'update' || edoc.business === 'replace') && !replaced)
    throw rejected('unknown-document', 'Không có văn bản cần thay thế.', 'No such document to replace.', 404);

  return ctx.db.transaction(async (tx) => {
    const m = await insertInbound(tx, {
      messageId: mid,
      direction: 'in',
      kind: 'edoc',
      business: edoc.business,
      fromOrganId: edoc.from.organId,
      toOrganId: to.organId,
      state: 'applied',
      body: '',
      meta,
    });
    if (!m) return { messageId: mid, duplicate: true };
    if (stored) await ctx.files.record(tx, stored as never, { accountId: null, filename: pdf!.name });
    const d = await registerIncoming(
      tx,
      {
        agencyId,
        typeCode: typeRow?.code ?? 'CV',
        summary: edoc.subject || '(không có trích yếu)',
        senderName: edoc.from.organName || edoc.from.organId,
        senderAgencyId: senderAgency?.id ?? null,
        originalNumberSymbol: meta.code,
        originalDate: /^\d{4}-\d{2}-\d{2}$/.test(edoc.promulgation.date) ? edoc.promulgation.date : null,
        urgency:
          (['normal', 'urgent', 'very_urgent', 'flash'] as const)[Math.min(3, Math.max(0, edoc.priority))] ?? 'normal',
        receivedVia: 'exchange',
        pdf:
          stored && text
            ? {
                sha256: stored.sha256,
                name: pdf!.name,
                pages: text.pages ?? null,
                textState: text.textState,
                text: text.text,
              }
            : null,
      },
      { accountId: null, label: edoc.from.organName || 'exchange', at: new Date() },
    );
    if (replaced) {
      await tx.update(documents).set({ replacesId: replaced.document.id }).where(eq(documents.id, d.id));
      const old = replaced.document;
      const a = await appendAction(tx, old, {
        action: 'replaced',
        actorId: null,
        actorLabel: edoc.from.organName || 'exchange',
        at: new Date(),
        to: 'replaced',
        details: { by: d.id },
      });
      await tx
        .update(documents)
        .set({ status: 'replaced', lastSeq: a.seq, updatedAt: new Date() })
        .where(eq(documents.id, old.id));
    }
    await tx
      .update(documentExchangeMessages)
      .set({ documentId: d.id, meta: { ...meta, lastSeq: d.lastSeq } })
      .where(eq(documentExchangeMessages.id, m.id));
    const inbound = { ...m, documentId: d.id };
    await queueStatus(tx, inbound, '01');
    await queueStatus(tx, inbound, replaced ? '15' : '03', replaced ? 'Đồng ý cập nhật văn bản' : undefined);
    if (stored) await checkAndKeep(tx, d.id, stored.sha256, pdf!.data, null);
    await audit(
      tx,
      'document.exchange.received',
      d.id,
      agencyId,
      { messageId: mid, from: edoc.from.organId, business: edoc.business },
      reqId,
    );
    return { messageId: mid, duplicate: false, statusCode: '01' as StatusCode };
  });
}

/** The document received from `fromOrgan` under the edXML DocumentId, with the envelope that brought it. */
async function receivedDocument(
  ex: Executor,
  fromOrgan: string,
  edxmlId: string,
  agencyId: string,
): Promise<{ document: Document; message: ExchangeMessage } | null> {
  const rows = await ex
    .select()
    .from(documentExchangeMessages)
    .where(
      and(
        eq(documentExchangeMessages.direction, 'in'),
        eq(documentExchangeMessages.kind, 'edoc'),
        eq(documentExchangeMessages.fromOrganId, fromOrgan),
        sql`${documentExchangeMessages.meta}->>'edxmlDocumentId' = ${edxmlId}`,
        inArray(documentExchangeMessages.business, ['new', 'update', 'replace']),
      ),
    );
  for (const m of rows.reverse()) {
    if (!m.documentId) continue;
    const [d] = await ex
      .select()
      .from(documents)
      .where(and(eq(documents.id, m.documentId), eq(documents.agencyId, agencyId)));
    if (d && d.status !== 'replaced') return { document: d, message: m };
  }
  return null;
}

async function receiveStatus(
  ctx: AppContext,
  body: string,
  mid: string,
  rel: string | null,
  reqId?: string,
): Promise<ReceiveResult> {
  let st;
  try {
    st = parseStatus(body);
  } catch (e) {
    if (e instanceof EdxmlFormatError)
      throw rejected(
        'edxml-invalid',
        `Gói tin trạng thái không hợp lệ: ${e.message}`,
        `Invalid status packet: ${e.message}`,
      );
    throw e;
  }
  const [sent] = rel
    ? await ctx.db
        .select()
        .from(documentExchangeMessages)
        .where(
          and(
            eq(documentExchangeMessages.direction, 'out'),
            eq(documentExchangeMessages.kind, 'edoc'),
            eq(documentExchangeMessages.messageId, rel),
            eq(documentExchangeMessages.toOrganId, st.from.organId),
          ),
        )
    : [];
  if (!sent)
    throw rejected(
      'unknown-document',
      'Gói tin trạng thái cho một văn bản không có.',
      'A status packet for an unknown document.',
      404,
    );
  return ctx.db.transaction(async (tx) => {
    const m = await insertInbound(tx, {
      messageId: mid,
      direction: 'in',
      kind: 'status',
      documentId: sent.documentId,
      relatesTo: rel,
      fromOrganId: st.from.organId,
      toOrganId: sent.fromOrganId,
      statusCode: st.statusCode,
      description: st.description,
      state: 'applied',
      body,
      meta: { timestamp: st.timestamp.toISOString(), organName: st.from.organName },
    });
    if (!m) return { messageId: mid, duplicate: true };
    const [d] = await tx
      .select({ agencyId: documents.agencyId })
      .from(documents)
      .where(eq(documents.id, sent.documentId!));
    await audit(
      tx,
      'document.exchange.receipt',
      sent.documentId,
      d?.agencyId ?? null,
      { messageId: mid, statusCode: st.statusCode, from: st.from.organId },
      reqId,
    );
    return { messageId: mid, duplicate: false };
  });
}

/** One delivery attempt of an outgoing message; throws to be retried (network, 5xx), marks permanent refusals. */
export async function deliver(ctx: AppContext, id: number, fetchImpl: typeof fetch = fetch): Promise<void> {
  const [m0] = await ctx.db.select().from(documentExchangeMessages).where(eq(documentExchangeMessages.id, id));
  if (!m0 || m0.direction !== 'out' || m0.state !== 'pending') return;
  let m = m0;
  if (!m.body) {
    const body = await envelopeBody(ctx, m);
    [m] = (await ctx.db
      .update(documentExchangeMessages)
      .set({ body })
      .where(eq(documentExchangeMessages.id, id))
      .returning()) as [ExchangeMessage];
  }
  const signature = await signTransport(ctx.db, m.body, {
    mid: m.messageId,
    kind: m.kind,
    from: m.fromOrganId,
    to: m.toOrganId,
    rel: m.relatesTo,
  });
  const route = await routeFor(ctx.db, m.toOrganId);
  const attempt = async () => {
    if (!route.peer) {
      await receiveMessage(ctx, { body: m.body, signature });
      return;
    }
    const res = await fetchImpl(`${route.peer.baseUrl.replace(/\/$/, '')}/api/documents/exchange/inbox`, {
      method: 'POST',
      headers: {
        'content-type': 'application/xml; charset=utf-8',
        'x-edxml-signature': signature,
        'x-edxml-message-id': m.messageId,
      },
      body: m.body,
      signal: AbortSignal.timeout(60_000),
    });
    if (res.ok) return;
    const text = await res.text().catch(() => '');
    const err = Object.assign(new Error(`HTTP ${res.status} ${text.slice(0, 300)}`), {
      permanent: res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429,
    });
    throw err;
  };
  try {
    await attempt();
    await ctx.db
      .update(documentExchangeMessages)
      .set({ state: 'delivered', deliveredAt: new Date(), attempts: m.attempts + 1, lastError: null })
      .where(eq(documentExchangeMessages.id, id));
  } catch (e) {
    const permanent =
      (e as { permanent?: boolean }).permanent ||
      (e as { status?: number }).status === 400 ||
      (e as { status?: number }).status === 404 ||
      (e as { status?: number }).status === 401;
    await ctx.db
      .update(documentExchangeMessages)
      .set({
        attempts: m.attempts + 1,
        lastError: (e as Error).message.slice(0, 500),
        ...(permanent ? { state: 'failed' } : {}),
      })
      .where(eq(documentExchangeMessages.id, id));
    if (!permanent) throw e;
  }
}

/**
 * Status codes for the receiver's own actions on a received document. A withdrawal by one of the receiver's people
 * (the clerk or a leader: misaddressed, returned to its sender, Nghị định 30 art. 21) is a refusal (02, từ chối tiếp
 * nhận) with its reason; the withdrawal the sender's own recall (lấy lại) causes has no actor and is answered by 15.
 */
const RECEIPT_FOR: Record<string, StatusCode> = { assign: '05', 'report-progress': '05', complete: '06' };
const receiptFor = (a: { action: string; actorId: string | null }): StatusCode | undefined =>
  a.action === 'withdraw' ? (a.actorId ? '02' : undefined) : RECEIPT_FOR[a.action];

/** Turns the receiver's actions on received documents into status packets back to their senders. */
export async function emitReceipts(ctx: AppContext): Promise<number> {
  const inbound = await ctx.db
    .select()
    .from(documentExchangeMessages)
    .where(
      and(
        eq(documentExchangeMessages.direction, 'in'),
        eq(documentExchangeMessages.kind, 'edoc'),
        inArray(documentExchangeMessages.business, ['new', 'update', 'replace']),
        sql`${documentExchangeMessages.documentId} IS NOT NULL`,
      ),
    );
  let sent = 0;
  for (const m of inbound) {
    const meta = m.meta as { lastSeq?: number };
    const since = meta.lastSeq ?? 0;
    const acts = await ctx.db
      .select()
      .from(documentActions)
      .where(and(eq(documentActions.documentId, m.documentId!), gt(documentActions.seq, since)))
      .orderBy(documentActions.seq);
    if (!acts.length) continue;
    await ctx.db.transaction(async (tx) => {
      for (const a of acts) {
        const code = receiptFor(a);
        if (!code) continue;
        const d =
          (a.details as { instruction?: string; note?: string; progress?: string; reason?: string } | null) ?? {};
        const note = d.note || d.instruction || d.progress || d.reason;
        await queueStatus(tx, m, code, `${STATUS_CODES[code].vi}${note ? `: ${note}` : ''} (${a.actorLabel})`);
        sent++;
      }
      await tx
        .update(documentExchangeMessages)
        .set({ meta: { ...(m.meta as object), lastSeq: acts[acts.length - 1]!.seq } })
        .where(eq(documentExchangeMessages.id, m.id));
    });
  }
  return sent;
}

export function registerExchangeJobs(ctx: AppContext, everyMs = 15_000) {
  ctx.jobs.register<{ id: number }>(DELIVER_JOB, async (job) => deliver(ctx, job.payload.id));
  ctx.jobs.register(RECEIPTS_JOB, async () => {
    await emitReceipts(ctx);
  });
  ctx.jobs.schedule(RECEIPTS_JOB, everyMs);
}
