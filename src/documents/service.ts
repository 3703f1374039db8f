/**
 * The one way a document changes (addAction): lock the row, check the state, run the action, append
 * its row, update the cached state, write the audit row — all in one transaction.
 */
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { problems, requireAuth, transact, type Bilingual, type Executor, type Tx } from '../platform/index.js';
import { directoryScopes } from '../directory/index.js';
import { actionsFrom, type DocumentActionDef } from './actions/index.js';
import { isDocumentStaff, mayPerform, mayRead } from './access.js';
import { clock } from './clock.js';
import { findDocument } from './find.js';
import { documentActions, documents, type Document, type DocumentAction } from './schema.js';

export const documentWord: Bilingual = { vi: 'văn bản', en: 'Document' };

export interface ActionOutcome {
  action: DocumentAction;
  replayed: boolean;
}

export function pgErrorCode(e: unknown): { code?: string; constraint?: string } {
  const x = e as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  return { code: x.cause?.code ?? x.code, constraint: x.cause?.constraint ?? x.constraint };
}

export { findDocument, UUID } from './find.js';

/** 409 with the actions the current state allows. */
export function illegal(d: Document, action: string, why?: Bilingual) {
  return problems.conflict(
    why ?? {
      vi: `Không thể "${action}" khi văn bản ở trạng thái ${d.status}.`,
      en: `Cannot ${action} a document that is ${d.status}.`,
    },
    {
      code: 'illegal-transition',
      extra: { currentStatus: d.status, allowed: actionsFrom(d.status) },
    },
  );
}

/** The document must exist and the caller must see it: staff of other agencies are told they may not, others that it does not exist. */
export async function visibleDocument(req: FastifyRequest, id: string): Promise<Document> {
  const p = requireAuth(req);
  const { ctx } = req.server;
  const d = await findDocument(ctx.db, id);
  if (!d) throw problems.notFound(documentWord, { code: 'document-not-found' });
  if (!(await mayRead(ctx.db, d, p, ctx.scopes))) {
    if (isDocumentStaff(p)) throw problems.forbidden(undefined, { extra: { action: 'documents.read' } });
    throw problems.notFound(documentWord, { code: 'document-not-found' });
  }
  return d;
}

async function priorAction(ex: Executor, documentId: string, clientTransactionId: string) {
  const [a] = await ex
    .select()
    .from(documentActions)
    .where(
      and(eq(documentActions.documentId, documentId), eq(documentActions.clientTransactionId, clientTransactionId)),
    );
  return a;
}

/** Appends an action row and moves the cached state: used by performAction and by creations. */
export async function appendAction(
  tx: Tx,
  d: Pick<Document, 'id' | 'lastSeq' | 'status'> | { id: string; lastSeq: 0; status: null },
  row: {
    action: string;
    actorId: string | null;
    actorLabel: string;
    at: Date;
    to: Document['status'];
    details?: Record<string, unknown>;
    clientTransactionId?: string | null;
  },
): Promise<DocumentAction> {
  const seq = d.lastSeq + 1;
  const [a] = await tx
    .insert(documentActions)
    .values({
      documentId: d.id,
      seq,
      action: row.action,
      actorId: row.actorId,
      actorLabel: row.actorLabel,
      at: row.at,
      fromStatus: d.status,
      toStatus: row.to,
      details: row.details ?? {},
      clientTransactionId: row.clientTransactionId ?? null,
    })
    .returning();
  return a!;
}

export async function performAction(
  req: FastifyRequest,
  id: string,
  def: DocumentActionDef<never>,
  input: unknown,
  clientTransactionId?: string,
): Promise<ActionOutcome> {
  const p = requireAuth(req);
  const { ctx } = req.server;
  const d0 = await findDocument(ctx.db, id);
  if (!d0) throw problems.notFound(documentWord, { code: 'document-not-found' });
  if (!(await mayPerform(ctx.db, def, d0, p, ctx.scopes))) {
    if (!(await mayRead(ctx.db, d0, p, ctx.scopes)) && !isDocumentStaff(p))
      throw problems.notFound(documentWord, { code: 'document-not-found' });
    throw problems.forbidden(undefined, { extra: { action: def.performers[0]?.permission } });
  }
  if (def.direction !== 'both' && def.direction !== d0.direction)
    throw illegal(d0, def.name, {
      vi: `Thao tác "${def.label.vi}" không áp dụng cho văn bản ${d0.direction === 'incoming' ? 'đến' : 'đi'}.`,
      en: `${def.label.en} does not apply to an ${d0.direction} document.`,
    });
  if (clientTransactionId) {
    const prior = await priorAction(ctx.db, id, clientTransactionId);
    if (prior) return replayOf(prior, p);
  }
  // Read before the transaction: on PGlite a query outside an open transaction waits for it.
  const calendar = await ctx.calendar.calendar();
  const now = clock.now();
  try {
    return await transact(req, async (tx, audit) => {
      const [d] = await tx.select().from(documents).where(eq(documents.id, id)).for('update');
      if (!d) throw problems.notFound(documentWord, { code: 'document-not-found' });
      if (!def.from.includes(d.status)) throw illegal(d, def.name);
      const why = def.guard?.(d, now);
      if (why) throw illegal(d, def.name, why);
      const effect = await def.run({
        tx,
        document: d,
        input: input as never,
        principal: p,
        now,
        calendar,
        files: ctx.files,
        scopes: directoryScopes(tx),
      });
      const to = effect.to === 'same' ? d.status : effect.to;
      const action = await appendAction(tx, d, {
        action: def.name,
        actorId: p.accountId,
        actorLabel: p.displayName,
        at: now,
        to,
        details: effect.details,
        clientTransactionId,
      });
      await tx
        .update(documents)
        .set({ ...effect.set, status: to, lastSeq: action.seq, updatedAt: now })
        .where(eq(documents.id, d.id));
      await audit({
        action: effect.auditAction ?? `document.${def.name}`,
        targetType: 'document',
        targetId: d.id,
        details: { numberSymbol: effect.set?.numberSymbol ?? d.numberSymbol, seq: action.seq, from: d.status, to },
        scope: { agencyId: d.agencyId },
      });
      return { action, replayed: false };
    });
  } catch (e) {
    if (clientTransactionId && pgErrorCode(e).code === '23505') {
      const prior = await priorAction(ctx.db, id, clientTransactionId);
      if (prior) return replayOf(prior, p);
    }
    throw e;
  }
}

function replayOf(prior: DocumentAction, p: { accountId: string }): ActionOutcome {
  if (prior.actorId !== p.accountId) {
    throw problems.conflict(
      {
        vi: 'Mã giao dịch (clientTransactionId) này đã được dùng cho một thao tác khác; hãy tạo mã mới.',
        en: 'This clientTransactionId was used for another action; generate a new one.',
      },
      { code: 'transaction-id-taken' },
    );
  }
  return { action: prior, replayed: true };
}

export { clock };
