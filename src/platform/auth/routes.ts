import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../http/app.js';
import { problems } from '../http/problem.js';
import { errorResponses } from '../http/schemas.js';
import { transact } from '../http/transact.js';
import { AnonymousSessionView, LoginBody, SessionView, TokenCreateBody, TokenView } from './schemas.js';
import { accounts, apiTokens, oidcLogins } from './schema.js';
import { createAccount, findAccountByUsername, grantRole, openSession, revokeSession } from './accounts.js';
import { burnPasswordTime, verifyPassword } from './passwords.js';
import { principalFromSession, requireAuth, requireRoleFor, SESSION_COOKIE } from './principal.js';
import { newApiToken, safeEqual, sha256 } from './tokens.js';
import { OidcClient } from './oidc.js';
import { coverageRoutes } from './coverage-route.js';
import { countLoginAttempt, loginSucceeded } from '../limits/login.js';
import type { Principal } from './authorize.js';

function sessionView(p: Principal, csrfToken: string) {
  return {
    authenticated: true as const,
    account: { id: p.accountId, username: p.username, displayName: p.displayName, kind: p.kind, grants: p.grants },
    csrfToken,
  };
}

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.server.ctx.config.secureCookies,
    expires: expiresAt,
  });
}

/** Holds the state of an OpenID login in flight, so only the browser that started it can finish it. */
const OIDC_STATE_COOKIE = 'tinhso_oidc';
const OIDC_COOKIE_PATH = '/api/auth/oidc';
const OIDC_LOGIN_TTL_MS = 15 * 60_000;

const tokenView = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
});

export async function authRoutes(app: App) {
  const { config } = app.ctx;
  await coverageRoutes(app);
  const oidc = config.oidc ? new OidcClient(config.oidc) : null;

  app.get(
    '/api/auth/providers',
    {
      schema: {
        tags: ['auth'],
        summary: 'Cách đăng nhập — login methods',
        response: {
          200: Type.Object({
            password: Type.Boolean(),
            oidc: Type.Object({ enabled: Type.Boolean(), label: Type.Optional(Type.String()) }),
          }),
        },
      },
    },
    async () => ({
      password: true,
      oidc: oidc ? { enabled: true, label: 'Tài khoản định danh điện tử' } : { enabled: false },
    }),
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Đăng nhập — log in with username and password',
        body: LoginBody,
        response: { 200: SessionView, ...errorResponses(400, 401, 429) },
      },
    },
    async (req, reply) => {
      // Counted in the database before the (costly) password check: see platform/limits/login.ts.
      await countLoginAttempt(app.ctx.db, req, reply, req.body.username);
      const account = await findAccountByUsername(app.ctx.db, req.body.username);
      const ok =
        account && !account.disabled
          ? await verifyPassword(account.passwordHash, req.body.password)
          : (await burnPasswordTime(req.body.password), false);
      if (!account || !ok) {
        // What was typed is kept only when it names an account: it may be a password typed into the wrong field.
        const details = account ? { username: account.username } : {};
        await transact(req, async (_tx, audit) =>
          audit({ action: 'auth.login-failed', targetType: 'account', targetId: account?.id ?? null, details }),
        );
        throw problems.unauthorized(
          { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
          { code: 'bad-credentials' },
        );
      }
      await loginSucceeded(app.ctx.db, req, req.body.username);
      const s = await transact(req, async (tx, audit) => {
        const s = await openSession(tx, account.id, config.sessionTtl, { userAgent: req.headers['user-agent'] });
        await audit({
          action: 'auth.login',
          targetType: 'account',
          targetId: account.id,
          actor: { id: account.id, label: account.username },
        });
        return s;
      });
      const p = await principalFromSession(app.ctx.database, s.token);
      setSessionCookie(req, reply, s.token, s.expiresAt);
      return sessionView(p!, s.csrfToken);
    },
  );

  app.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'Phiên hiện tại — the current session',
        description:
          'Anonymous callers (no cookie, or a stale one) get 200 with `authenticated: false`; an invalid bearer token is still a 401.',
        response: { 200: Type.Union([SessionView, AnonymousSessionView]), ...errorResponses(401) },
      },
    },
    async (req) => {
      // Asking "who am I" is not a failure when the answer is "nobody": browsers log every 4xx as a console error.
      const p = req.principal;
      if (!p) return { authenticated: false as const };
      if (p.via !== 'session') return sessionView(p, '');
      return sessionView(p, p.csrfToken ?? '');
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Đăng xuất — log out',
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const p = requireAuth(req);
      const sessionId = p.sessionId;
      // A bearer token has no session to end; it is revoked through DELETE /api/auth/tokens/:id.
      if (!sessionId)
        throw problems.badRequest(
          {
            vi: 'Yêu cầu này không dùng phiên đăng nhập; hãy thu hồi token thay vì đăng xuất.',
            en: 'This request has no session; revoke the token instead of logging out.',
          },
          { code: 'not-a-session' },
        );
      await transact(req, async (tx, audit) => {
        await revokeSession(tx, sessionId);
        await audit({ action: 'auth.logout', targetType: 'account', targetId: p.accountId });
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  // Personal API tokens (for other systems calling the API).
  app.get(
    '/api/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Token của tôi — my API tokens',
        response: { 200: Type.Object({ items: Type.Array(TokenView) }), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      // One's own tokens: the account is the scope, and a token carries no more than the account's grants.
      const p = requireRoleFor(req, 'tokens.own');
      const rows = await app.ctx.db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.accountId, p.accountId), isNull(apiTokens.revokedAt)))
        .orderBy(desc(apiTokens.createdAt));
      return { items: rows.map(tokenView) };
    },
  );

  app.post(
    '/api/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Tạo token — create an API token (shown once)',
        body: TokenCreateBody,
        response: {
          201: Type.Intersect([TokenView, Type.Object({ token: Type.String() })]),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (req, reply) => {
      const p = requireRoleFor(req, 'tokens.own');
      const token = newApiToken();
      const row = await transact(req, async (tx, audit) => {
        const [row] = await tx
          .insert(apiTokens)
          .values({
            accountId: p.accountId,
            name: req.body.name,
            tokenHash: sha256(token),
            prefix: token.slice(0, 10),
            expiresAt: req.body.expiresInDays ? new Date(Date.now() + req.body.expiresInDays * 86_400_000) : null,
          })
          .returning();
        await audit({
          action: 'auth.token-create',
          targetType: 'api_token',
          targetId: row!.id,
          details: { name: req.body.name },
        });
        return row!;
      });
      return reply.code(201).send({ ...tokenView(row), token });
    },
  );

  app.delete(
    '/api/auth/tokens/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Thu hồi token — revoke an API token',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const p = requireRoleFor(req, 'tokens.own');
      await transact(req, async (tx, audit) => {
        const [row] = await tx
          .update(apiTokens)
          .set({ revokedAt: new Date() })
          .where(
            and(eq(apiTokens.id, req.params.id), eq(apiTokens.accountId, p.accountId), isNull(apiTokens.revokedAt)),
          )
          .returning();
        if (!row) throw problems.notFound({ vi: 'token', en: 'Token' });
        await audit({ action: 'auth.token-revoke', targetType: 'api_token', targetId: row.id });
      });
      return reply.code(204).send(null);
    },
  );

  // OpenID Connect: /login redirects to the provider, /callback comes back with a code.
  app.get(
    '/api/auth/oidc/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Đăng nhập qua OpenID Connect — start an OIDC login',
        // A path on this site only: not `//host` nor `/\host`, which browsers read as another site.
        querystring: Type.Object({
          returnTo: Type.Optional(Type.String({ pattern: '^/(?![/\\\\])[^\\\\\\s]*$', maxLength: 500 })),
        }),
      },
      config: { noAudit: 'starts a login; nothing changes until the callback' },
    },
    async (req, reply) => {
      if (!oidc)
        throw problems.notFound(
          { vi: 'cấu hình OpenID Connect', en: 'OpenID Connect configuration' },
          { code: 'oidc-disabled' },
        );
      const start = await oidc.start();
      await app.ctx.db.delete(oidcLogins).where(lt(oidcLogins.createdAt, new Date(Date.now() - OIDC_LOGIN_TTL_MS)));
      await app.ctx.db
        .insert(oidcLogins)
        .values({
          state: start.state,
          nonce: start.nonce,
          codeVerifier: start.codeVerifier,
          returnTo: req.query.returnTo ?? '/',
        });
      // Binds the login to this browser: a callback URL carried to another browser (login CSRF) is refused.
      reply.setCookie(OIDC_STATE_COOKIE, start.state, {
        path: OIDC_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        maxAge: OIDC_LOGIN_TTL_MS / 1000,
      });
      return reply.redirect(start.url, 302);
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      schema: {
        tags: ['auth'],
        summary: 'OpenID Connect callback',
        querystring: Type.Object(
          {
            state: Type.String({ maxLength: 200 }),
            code: Type.Optional(Type.String()),
            error: Type.Optional(Type.String()),
          },
          { additionalProperties: true },
        ),
      },
    },
    async (req, reply) => {
      if (!oidc)
        throw problems.notFound(
          { vi: 'cấu hình OpenID Connect', en: 'OpenID Connect configuration' },
          { code: 'oidc-disabled' },
        );
      const stateRefused = () =>
        problems.badRequest(
          { vi: 'Phiên đăng nhập đã hết hạn, vui lòng thử lại.', en: 'The login attempt expired, please try again.' },
          { code: 'oidc-state' },
        );
      // Only the browser that started this login may finish it; a foreign attempt consumes nothing.
      const bound = req.cookies[OIDC_STATE_COOKIE];
      if (!bound || !safeEqual(bound, req.query.state)) throw stateRefused();
      reply.clearCookie(OIDC_STATE_COOKIE, { path: OIDC_COOKIE_PATH });
      // The pending login is consumed whatever happens next: a state works once.
      const [pending] = await app.ctx.db.delete(oidcLogins).where(eq(oidcLogins.state, req.query.state)).returning();
      if (!pending || pending.createdAt.getTime() < Date.now() - OIDC_LOGIN_TTL_MS) throw stateRefused();
      let who: Awaited<ReturnType<OidcClient['finish']>>;
      try {
        who = await oidc.finish(new URL(req.url, 'http://callback.invalid').searchParams, pending);
      } catch (err) {
        req.log.warn({ err: (err as Error).message }, 'oidc login failed');
        throw problems.unauthorized(
          { vi: 'Nhà cung cấp định danh từ chối đăng nhập.', en: 'The identity provider refused the login.' },
          { code: 'oidc-failed' },
        );
      }
      const s = await transact(req, async (tx, audit) => {
        let [account] = await tx
          .select()
          .from(accounts)
          .where(and(eq(accounts.oidcIssuer, who.issuer), eq(accounts.oidcSubject, who.subject)))
          .limit(1);
        if (!account) {
          // First login through the provider: a citizen account linked to the provider's subject.
          account = await createAccount(tx, {
            username: `oidc-${sha256(`${who.issuer}|${who.subject}`).slice(0, 16)}`,
            displayName: who.name ?? who.subject,
            email: who.email,
            oidcIssuer: who.issuer,
            oidcSubject: who.subject,
          });
          await grantRole(tx, account.id, { role: 'citizen', scopeKind: 'none', scopeId: null });
        }
        if (account.disabled)
          throw problems.forbidden(
            { vi: 'Tài khoản đã bị khoá.', en: 'This account is disabled.' },
            { code: 'account-disabled' },
          );
        const s = await openSession(tx, account.id, config.sessionTtl, {
          userAgent: req.headers['user-agent'],
          via: 'oidc',
        });
        await audit({
          action: 'auth.login',
          targetType: 'account',
          targetId: account.id,
          details: { via: 'oidc', issuer: who.issuer },
          actor: { id: account.id, label: account.username },
        });
        return s;
      });
      setSessionCookie(req, reply, s.token, s.expiresAt);
      return reply.redirect(pending.returnTo, 302);
    },
  );
}
