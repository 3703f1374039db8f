/**
 * Exchange routes: the inbox other deployments post edXML to (signed by their key; answered with the acknowledgement
 * or a problem+json that changes nothing), this deployment's public key, the peers an administrator configures, and
 * the envelopes and receipts of a document (the sender sees every receipt on the document).
 */
import { asc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { appendAudit, errorResponses, PROVINCE, requirePermission, type App } from '../../platform/index.js';
import { visibleDocument } from '../service.js';
import { STATUS_CODES } from './edxml.js';
import { ownIdentity } from './transport.js';
import { receiveMessage } from './service.js';
import { documentExchangeMessages, documentExchangePeers } from './schema.js';
import { calculateJwkThumbprint, type JWK } from 'jose';

const tags = ['documents'];

export async function exchangeRoutes(app: App) {
  const { ctx } = app;

  // The inbox reads edXML as text: its own encapsulated scope with an XML body parser.
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      ['application/xml', 'text/xml'],
      { parseAs: 'string', bodyLimit: 150 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    scope.post(
      '/api/documents/exchange/inbox',
      {
        schema: {
          tags,
          summary:
            'Nhận gói tin edXML — Receive an edXML envelope or status packet from a peer (JWS in X-Edxml-Signature)',
          headers: Type.Object({ 'x-edxml-signature': Type.Optional(Type.String({ maxLength: 8192 })) }),
          // Its size is bounded by the parser's bodyLimit above (a schema maxLength of 150 MiB would only cost a second count).
          body: Type.String(),
          response: {
            200: Type.Object({
              acknowledged: Type.Boolean(),
              messageId: Type.String(),
              duplicate: Type.Boolean(),
              statusCode: Type.Optional(Type.String()),
            }),
            ...errorResponses(400, 401, 404, 415),
          },
        },
      },
      async (req) => {
        const sig = req.headers['x-edxml-signature'];
        const r = await receiveMessage(
          ctx,
          { body: String(req.body), signature: Array.isArray(sig) ? sig[0] : sig },
          req.id,
        );
        // A duplicate is acknowledged again and changes nothing; an applied one wrote its audit row in its transaction.
        req.audited = true;
        return {
          acknowledged: true,
          messageId: r.messageId,
          duplicate: r.duplicate,
          ...(r.statusCode ? { statusCode: r.statusCode } : {}),
        };
      },
    );
  });

  app.get(
    '/api/documents/exchange/identity',
    {
      schema: {
        tags,
        summary: 'Khóa công khai của hệ thống — This deployment’s exchange public key (for peers’ configuration)',
        response: {
          200: Type.Object({ keyId: Type.String(), publicJwk: Type.Object({}, { additionalProperties: true }) }),
        },
      },
    },
    async () => {
      const id = await ownIdentity(ctx.db);
      return { keyId: id.keyId, publicJwk: id.publicJwk as Record<string, unknown> };
    },
  );

  const PeerSchema = Type.Object({
    id: Type.String(),
    name: Type.String(),
    baseUrl: Type.String(),
    keyId: Type.String(),
    organIds: Type.Array(Type.String()),
    active: Type.Boolean(),
  });
  app.get(
    '/api/documents/exchange/peers',
    {
      schema: {
        tags,
        summary: 'Hệ thống liên thông — Peer deployments',
        response: { 200: Type.Object({ peers: Type.Array(PeerSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      await requirePermission(req, 'documents.manage', PROVINCE);
      const rows = await ctx.db.select().from(documentExchangePeers).orderBy(asc(documentExchangePeers.name));
      return {
        peers: rows.map((p) => ({
          id: p.id,
          name: p.name,
          baseUrl: p.baseUrl,
          keyId: p.keyId,
          organIds: p.organIds,
          active: p.active,
        })),
      };
    },
  );

  app.post(
    '/api/documents/exchange/peers',
    {
      schema: {
        tags,
        summary: 'Thêm hệ thống liên thông — Add a peer deployment (its inbox, public key and the agencies it serves)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            baseUrl: Type.String({ pattern: '^https?://', maxLength: 500 }),
            publicJwk: Type.Object({
              kty: Type.Literal('EC'),
              crv: Type.Literal('P-256'),
              x: Type.String({ maxLength: 100 }),
              y: Type.String({ maxLength: 100 }),
            }),
            organIds: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 10000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ peer: PeerSchema }), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const p = await requirePermission(req, 'documents.manage', PROVINCE);
      const jwk: JWK = { kty: 'EC', crv: 'P-256', x: req.body.publicJwk.x, y: req.body.publicJwk.y };
      const keyId = await calculateJwkThumbprint(jwk);
      const peer = await ctx.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(documentExchangePeers)
          .values({
            name: req.body.name,
            baseUrl: req.body.baseUrl,
            keyId,
            publicJwk: jwk,
            organIds: req.body.organIds,
          })
          .onConflictDoUpdate({
            target: documentExchangePeers.keyId,
            set: { name: req.body.name, baseUrl: req.body.baseUrl, organIds: req.body.organIds, active: true },
          })
          .returning();
        await appendAudit(tx, {
          actorId: p.accountId,
          actorLabel: p.username,
          action: 'document.exchange.peer',
          targetType: 'exchange-peer',
          targetId: row!.id,
          requestId: req.id,
          details: { name: row!.name, baseUrl: row!.baseUrl },
        });
        req.audited = true;
        return row!;
      });
      reply.code(201);
      return {
        peer: {
          id: peer.id,
          name: peer.name,
          baseUrl: peer.baseUrl,
          keyId: peer.keyId,
          organIds: peer.organIds,
          active: peer.active,
        },
      };
    },
  );

  const MessageSchema = Type.Object({
    messageId: Type.String(),
    direction: Type.String(),
    kind: Type.String(),
    business: Type.Union([Type.String(), Type.Null()]),
    fromOrganId: Type.String(),
    toOrganId: Type.String(),
    statusCode: Type.Union([Type.String(), Type.Null()]),
    statusLabel: Type.Union([Type.Object({ vi: Type.String(), en: Type.String() }), Type.Null()]),
    description: Type.Union([Type.String(), Type.Null()]),
    state: Type.String(),
    attempts: Type.Integer(),
    lastError: Type.Union([Type.String(), Type.Null()]),
    relatesTo: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    deliveredAt: Type.Union([Type.String(), Type.Null()]),
  });
  app.get(
    '/api/documents/:id/exchange',
    {
      schema: {
        tags,
        summary: 'Gói tin và trạng thái của văn bản — The envelopes and receipts of a document',
        params: Type.Object({ id: Type.String() }),
        response: { 200: Type.Object({ messages: Type.Array(MessageSchema) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const d = await visibleDocument(req, req.params.id);
      const rows = await ctx.db
        .select()
        .from(documentExchangeMessages)
        .where(eq(documentExchangeMessages.documentId, d.id))
        .orderBy(asc(documentExchangeMessages.id));
      return {
        messages: rows.map((m) => ({
          messageId: m.messageId,
          direction: m.direction,
          kind: m.kind,
          business: m.business,
          fromOrganId: m.fromOrganId,
          toOrganId: m.toOrganId,
          statusCode: m.statusCode,
          statusLabel:
            m.statusCode && m.statusCode in STATUS_CODES
              ? STATUS_CODES[m.statusCode as keyof typeof STATUS_CODES]
              : null,
          description: m.description,
          state: m.state,
          attempts: m.attempts,
          lastError: m.lastError,
          relatesTo: m.relatesTo,
          createdAt: m.createdAt.toISOString(),
          deliveredAt: m.deliveredAt?.toISOString() ?? null,
        })),
      };
    },
  );
}
