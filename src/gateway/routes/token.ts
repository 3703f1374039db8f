/**
 * The token endpoint (RFC 6749 §4.4, client credentials) and the keys that verify its tokens (RFC 7517). Client
 * authentication by HTTP Basic (client_secret_basic, §2.3.1: id and secret form-urlencoded, then Base64) or by the
 * body (client_secret_post). Errors follow RFC 6749 §5.2 (`error`, `error_description`), with the platform's
 * bilingual problem members beside them.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requestLanguage, type App } from '../../platform/index.js';
import type { Gateway } from '../context.js';
import { issueAccessToken, secretMatches } from '../tokens.js';

/**
 * RFC 6749 §5.2's error body. Its fields are optional in the schema because a request the validator refuses before the
 * handler (a NUL in the secret, say) is answered by the platform's problem+json, which must still serialise here.
 */
const OAuthErrorBody = Type.Object(
  { error: Type.Optional(Type.String()), error_description: Type.Optional(Type.String()) },
  { additionalProperties: true },
);

type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

const MESSAGES: Record<OAuthError, { vi: string; en: string; status: number }> = {
  invalid_request: { vi: 'Yêu cầu cấp mã truy cập không hợp lệ.', en: 'The token request is malformed.', status: 400 },
  invalid_client: {
    vi: 'Mã hệ thống khai thác hoặc khoá bí mật không đúng.',
    en: 'Client authentication failed.',
    status: 401,
  },
  unsupported_grant_type: {
    vi: 'Chỉ hỗ trợ grant_type=client_credentials.',
    en: 'Only grant_type=client_credentials is supported.',
    status: 400,
  },
  invalid_scope: { vi: 'Phạm vi không hợp lệ.', en: 'The scope is invalid.', status: 400 },
};

function oauthError(req: FastifyRequest, reply: FastifyReply, error: OAuthError, basic: boolean) {
  const m = MESSAGES[error];
  if (m.status === 401)
    reply.header('www-authenticate', basic ? 'Basic realm="lgsp", charset="UTF-8"' : 'Basic realm="lgsp"');
  return reply
    .code(m.status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({
      error,
      error_description: requestLanguage(req) === 'en' ? m.en : m.vi,
      status: m.status,
      code: error,
      messages: { vi: { detail: m.vi }, en: { detail: m.en } },
    });
}

function basicCredentials(h: string | undefined): { id: string; secret: string } | null | 'malformed' {
  if (!h?.startsWith('Basic ')) return null;
  const text = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return 'malformed';
  try {
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: dec(text.slice(0, i)), secret: dec(text.slice(i + 1)) };
  } catch {
    return 'malformed';
  }
}

const Str = Type.String({ maxLength: 500 });

export async function tokenRoutes(app: App, gw: Gateway) {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 8192 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  app.post(
    `${gw.config.prefix}/token`,
    {
      schema: {
        tags: ['gateway'],
        summary: 'Cấp mã truy cập (OAuth 2.0 client credentials, RFC 6749 §4.4) — access token for a consumer system',
        body: Type.Object(
          {
            grant_type: Str,
            client_id: Type.Optional(Str),
            client_secret: Type.Optional(Str),
            scope: Type.Optional(Str),
          },
          { additionalProperties: true },
        ),
        response: {
          200: Type.Object({ access_token: Type.String(), token_type: Type.String(), expires_in: Type.Integer() }),
          400: OAuthErrorBody,
          401: OAuthErrorBody,
        },
      },
      config: {
        noAudit: 'issues a short-lived token and changes no record (each proxied call is in the exchange log)',
      },
    },
    async (req, reply) => {
      const basic = basicCredentials(req.headers.authorization);
      if (basic === 'malformed') return oauthError(req, reply, 'invalid_client', true);
      const body = req.body;
      // RFC 6749 §2.3: a client uses one authentication method per request.
      if (basic && (body.client_secret !== undefined || (body.client_id !== undefined && body.client_id !== basic.id)))
        return oauthError(req, reply, 'invalid_request', true);
      if (body.grant_type !== 'client_credentials')
        return oauthError(req, reply, 'unsupported_grant_type', Boolean(basic));
      const id = basic?.id ?? body.client_id;
      const secret = basic?.secret ?? body.client_secret;
      if (!id || !secret) return oauthError(req, reply, 'invalid_client', Boolean(basic));
      const snap = await gw.registry.get();
      const c = snap.consumersByClientId.get(id);
      if (!c || !secretMatches(secret, c.secretHash)) return oauthError(req, reply, 'invalid_client', Boolean(basic));
      const token = await issueAccessToken(gw.keys, gw.issuer, gw.config.tokenTtlSec, {
        consumerId: c.id,
        clientId: c.clientId,
      });
      return reply
        .header('cache-control', 'no-store')
        .header('pragma', 'no-cache')
        .send({ access_token: token, token_type: 'Bearer', expires_in: gw.config.tokenTtlSec });
    },
  );

  app.get(
    `${gw.config.prefix}/.well-known/jwks.json`,
    {
      schema: {
        tags: ['gateway'],
        summary: 'Khoá công khai của cổng (JWKS) — the keys that verify access tokens and log seals',
      },
    },
    async () => gw.keys.jwks(),
  );
}
