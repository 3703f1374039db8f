/**
 * The exchange boxes of the caller's agencies (hộp thư liên thông): the inbox of documents other agencies sent
 * (received through the exchange, registered on arrival; those not yet assigned wait for the agency's decision) and
 * the outbox of documents sent through it, with each recipient's envelope and every receipt it sent back.
 * Read-only; what one sees is what the search shows: the documents of agencies one's documents.read grant covers.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import { coverageOf, errorResponses, requireAuth, type App, StringEnum } from '../../platform/index.js';
import { agencies } from '../../directory/index.js';
import { documents } from '../schema.js';
import { STATUS_CODES } from './edxml.js';
import { documentExchangeMessages } from './schema.js';

const tags = ['documents'];
const Id = Type.String({ format: 'uuid' });
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Label = N(Type.Object({ vi: Type.String(), en: Type.String() }));

const Received = Type.Object({
  id: Id,
  agencyId: Id,
  agencyName: Type.String(),
  arrivalNumber: N(Type.String({ description: 'Số đến' })),
  summary: Type.String(),
  status: Type.String(),
  urgency: Type.String(),
  senderName: N(Type.String()),
  originalNumberSymbol: N(Type.String()),
  originalDate: N(Type.String()),
  receivedAt: Type.String(),
  waiting: Type.Boolean({ description: 'Chưa phân công xử lý — not yet assigned' }),
});

const Receipt = Type.Object({
  statusCode: Type.String(),
  label: Label,
  description: N(Type.String()),
  at: Type.String(),
});
const Recipient = Type.Object({
  organId: Type.String(),
  organName: Type.String(),
  state: Type.String({ description: 'pending · delivered · failed (the envelope)' }),
  attempts: Type.Integer(),
  lastError: N(Type.String()),
  deliveredAt: N(Type.String()),
  latest: N(Type.String({ description: 'The latest status code received' })),
  receipts: Type.Array(Receipt),
});
const Sent = Type.Object({
  id: Id,
  agencyId: Id,
  agencyName: Type.String(),
  numberSymbol: N(Type.String()),
  summary: Type.String(),
  status: Type.String(),
  sentAt: N(Type.String()),
  recipients: Type.Array(Recipient),
});

/** The documents of the caller's agencies (null: the province, all of them). */
async function agencyFilter(
  app: App,
  req: Parameters<typeof requireAuth>[0],
  named: string | undefined,
): Promise<SQL | 'none' | null> {
  const p = requireAuth(req);
  const cov = await coverageOf(p, 'documents.read', app.ctx.scopes);
  if (named) return cov.province || cov.agencyIds.includes(named) ? eq(documents.agencyId, named) : 'none';
  if (cov.province) return null;
  return cov.agencyIds.length ? inArray(documents.agencyId, cov.agencyIds) : 'none';
}

/** Receipt order: the status codes of a document's life, not their arrival order (delivered in parallel). */
const codeOrder = (c: string | null) => Number(c ?? 99);

export async function exchangeBoxRoutes(app: App) {
  const db = app.ctx.db;

  app.get(
    '/api/documents/exchange/received',
    {
      schema: {
        tags,
        summary:
          'Văn bản đến qua liên thông — documents other agencies sent to the caller’s agencies (waiting: not yet assigned)',
        querystring: Type.Object({
          agencyId: Type.Optional(Id),
          box: StringEnum(['waiting', 'all'] as const, { default: 'waiting' }),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(Received) }), ...errorResponses(400, 401) },
      },
    },
    async (req) => {
      const scope = await agencyFilter(app, req, req.query.agencyId);
      if (scope === 'none') return { items: [] };
      const where = [
        eq(documents.direction, 'incoming'),
        eq(documents.receivedVia, 'exchange'),
        ...(scope ? [scope] : []),
      ];
      if (req.query.box === 'waiting') where.push(eq(documents.status, 'registered'));
      const rows = await db
        .select({ d: documents, agencyName: agencies.name })
        .from(documents)
        .innerJoin(agencies, eq(agencies.id, documents.agencyId))
        .where(and(...where))
        .orderBy(desc(documents.registeredAt))
        .limit(req.query.limit);
      return {
        items: rows.map(({ d, agencyName }) => ({
          id: d.id,
          agencyId: d.agencyId,
          agencyName,
          arrivalNumber: d.numberSymbol,
          summary: d.summary,
          status: d.status,
          urgency: d.urgency,
          senderName: d.senderName,
          originalNumberSymbol: d.originalNumberSymbol,
          originalDate: d.originalDate,
          receivedAt: d.registeredAt.toISOString(),
          waiting: d.status === 'registered',
        })),
      };
    },
  );

  app.get(
    '/api/documents/exchange/sent',
    {
      schema: {
        tags,
        summary:
          'Văn bản đã gửi qua liên thông — documents the caller’s agencies sent, each recipient with its receipts',
        querystring: Type.Object({
          agencyId: Type.Optional(Id),
          documentId: Type.Optional(Id),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(Sent) }), ...errorResponses(400, 401) },
      },
    },
    async (req) => {
      const scope = await agencyFilter(app, req, req.query.agencyId);
      if (scope === 'none') return { items: [] };
      const sentOut = sql`${documents.id} IN (SELECT document_id FROM document_exchange_messages WHERE direction = 'out' AND kind = 'edoc')`;
      const docs = await db
        .select({ d: documents, agencyName: agencies.name })
        .from(documents)
        .innerJoin(agencies, eq(agencies.id, documents.agencyId))
        .where(
          and(
            eq(documents.direction, 'outgoing'),
            sentOut,
            ...(scope ? [scope] : []),
            ...(req.query.documentId ? [eq(documents.id, req.query.documentId)] : []),
          ),
        )
        .orderBy(desc(documents.sentAt))
        .limit(req.query.limit);
      if (!docs.length) return { items: [] };
      const messages = await db
        .select()
        .from(documentExchangeMessages)
        .where(
          inArray(
            documentExchangeMessages.documentId,
            docs.map((r) => r.d.id),
          ),
        )
        .orderBy(asc(documentExchangeMessages.id));
      const organs = [...new Set(messages.map((m) => m.toOrganId))];
      const names = new Map(
        (
          await db
            .select({ code: agencies.code, name: agencies.name })
            .from(agencies)
            .where(inArray(agencies.code, organs))
        ).map((a) => [a.code, a.name]),
      );
      return {
        items: docs.map(({ d, agencyName }) => {
          const mine = messages.filter((m) => m.documentId === d.id);
          const envelopes = mine.filter((m) => m.direction === 'out' && m.kind === 'edoc');
          // The latest envelope to each recipient (a document sent again goes once more).
          const byOrgan = new Map(envelopes.map((e) => [e.toOrganId, e]));
          return {
            id: d.id,
            agencyId: d.agencyId,
            agencyName,
            numberSymbol: d.numberSymbol,
            summary: d.summary,
            status: d.status,
            sentAt: d.sentAt?.toISOString() ?? null,
            recipients: [...byOrgan.values()].map((e) => {
              const answers = new Set(envelopes.filter((x) => x.toOrganId === e.toOrganId).map((x) => x.messageId));
              const receipts = mine
                .filter((m) => m.direction === 'in' && m.kind === 'status' && m.relatesTo && answers.has(m.relatesTo))
                .sort((a, b) => codeOrder(a.statusCode) - codeOrder(b.statusCode) || a.id - b.id)
                .map((m) => ({
                  statusCode: m.statusCode ?? '',
                  label:
                    m.statusCode && m.statusCode in STATUS_CODES
                      ? STATUS_CODES[m.statusCode as keyof typeof STATUS_CODES]
                      : null,
                  description: m.description,
                  at: m.createdAt.toISOString(),
                }));
              return {
                organId: e.toOrganId,
                organName: names.get(e.toOrganId) ?? e.toOrganId,
                state: e.state,
                attempts: e.attempts,
                lastError: e.lastError,
                deliveredAt: e.deliveredAt?.toISOString() ?? null,
                latest: receipts.length ? receipts[receipts.length - 1]!.statusCode : null,
                receipts,
              };
            }),
          };
        }),
      };
    },
  );
}
