/**
 * The proxy (cổng trung gian): `{prefix}/{member}/{service}/{path…}` goes to the service's base URL + path, for a
 * consumer that authenticated (a bearer access token, or a client certificate on the mutual-TLS listener), holds a
 * rule for the method and path, and is within its rate limit and daily quota (counted in PostgreSQL, so shared by
 * every instance). The provider receives the consumer's identity, the request id and a W3C `traceparent`; bodies
 * stream both ways (a request body without Content-Length is read up to the service's limit first, so an oversized
 * one is refused before anything reaches the provider; an answer of declared length up to 64 KiB is read whole, as
 * its last chunk would be held anyway); the provider's status, headers and bytes are passed on unchanged. Only
 * idempotent requests without a body are retried, and only after a connection error.
 *
 * Every request, forwarded or refused, writes one exchange-log row. A forwarded answer holds back its last chunk
 * until its row has committed, so a client never holds a complete answer the log does not know of.
 */
import crypto from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { request as undiciRequest, type Dispatcher } from 'undici';
import {
  Problem,
  problems,
  requestLanguage,
  sendProblem,
  toProblem,
  type App,
  idempotencyPreHandler,
  storeIdempotentAnswer,
  tooManyRequests,
} from '../platform/index.js';
import { seal } from './crypto.js';
import { lazyChildLogger } from './lazy-logger.js';
import type { Gateway } from './context.js';
import { ruleFor, serviceKey, type ConsumerEntry, type ServiceEntry } from './registry.js';
import { verifyAccessToken } from './tokens.js';
import { nextTrace } from './trace.js';
import type { LogRow } from './log/writer.js';

const EMPTY_SHA256 = crypto.createHash('sha256').digest('hex');
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ABORT_ERR']);
/** Not passed on in either direction (RFC 9110 §7.6.1), nor the consumer's own credentials and cookies. */
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);
const NOT_FORWARDED = new Set([
  ...HOP,
  'authorization',
  'cookie',
  'traceparent',
  'x-request-id',
  'forwarded',
  'x-forwarded-for',
]);
/** Bodies kept in the log (services that ask) are capped: the hash always covers the whole body. */
const MAX_LOGGED_BODY = 4 * 1024 * 1024;
/**
 * An answer of declared length up to this size is read whole and sent as one buffer once its row has committed: the
 * held last chunk below is then the whole body anyway, and two streams, a pipe and their listeners per call were a
 * visible share of a proxied call's CPU. Larger answers, and those of unknown length, stream.
 */
const WHOLE_BODY = 64 * 1024;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const errCode = (e: unknown): string => {
  const x = e as { code?: string; name?: string; cause?: { code?: string } };
  return x?.code ?? x?.cause?.code ?? (x?.name === 'AbortError' || x?.name === 'TimeoutError' ? 'ABORT_ERR' : '');
};

/** A path segment decoded, or as sent when it is not valid percent-encoding. */
function dec(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Milliseconds until the next midnight in Vietnam (UTC+7, no daylight saving): when a daily quota renews. */
export function msUntilVnMidnight(now = new Date()): number {
  const vn = now.getTime() + 7 * 3_600_000;
  return 86_400_000 - (vn % 86_400_000);
}
const vnDay = (now = new Date()) => new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

interface Exchange {
  started: number;
  at: Date;
  member: string;
  serviceCode: string;
  path: string;
  consumer: ConsumerEntry | null;
  service: ServiceEntry | null;
  traceId: string;
}

export async function proxyRoutes(app: App, gw: Gateway) {
  const { config } = gw;
  app.setChildLoggerFactory(lazyChildLogger);
  // The body is the provider's business: not parsed, not limited by the platform's body limit, streamed as it comes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
  // The platform's Idempotency-Key replay is for its own API; a provider's key goes to the provider untouched.
  app.addHook('onRoute', (route) => {
    const strip = <T>(h: T | T[] | undefined) =>
      Array.isArray(h)
        ? h.filter((f) => f !== (idempotencyPreHandler as unknown) && f !== (storeIdempotentAnswer as unknown))
        : h;
    route.preHandler = strip(route.preHandler);
    route.onSend = strip(route.onSend);
  });

  const write = (row: LogRow) => gw.writer.write(row);

  const logRow = (
    req: FastifyRequest,
    x: Exchange,
    r: Partial<LogRow> & Pick<LogRow, 'status' | 'outcome'>,
  ): LogRow => ({
    requestId: req.id,
    at: x.at,
    consumerId: x.consumer?.id ?? null,
    serviceId: x.service?.id ?? null,
    memberCode: x.member,
    serviceCode: x.serviceCode,
    method: req.method,
    path: x.path.slice(0, 2000),
    refusal: null,
    bytesIn: 0,
    bytesOut: 0,
    latencyMs: performance.now() - x.started,
    requestSha256: EMPTY_SHA256,
    responseSha256: EMPTY_SHA256,
    requestBody: null,
    responseBody: null,
    traceId: x.traceId,
    ...r,
  });

  /** The gateway's own refusal: logged (committed) first, then answered as problem+json; nothing is forwarded. */
  async function refuse(req: FastifyRequest, reply: FastifyReply, x: Exchange, p: Problem, declaredIn = 0) {
    const body = JSON.stringify(p.toJSON(requestLanguage(req), req.url.split('?')[0], req.id));
    await write(
      logRow(req, x, {
        status: p.status,
        outcome: p.status === 502 || p.status === 504 ? 'upstream-error' : 'refused',
        refusal: p.code,
        bytesIn: declaredIn,
        bytesOut: Buffer.byteLength(body),
        responseSha256: crypto.createHash('sha256').update(body).digest('hex'),
      }),
    );
    return reply.code(p.status).type('application/problem+json; charset=utf-8').send(body);
  }

  async function authenticate(req: FastifyRequest): Promise<{ consumer: ConsumerEntry } | { problem: Problem }> {
    const snap = await gw.registry.get();
    const sock = req.raw.socket as Partial<TLSSocket>;
    if (sock.encrypted && typeof sock.getPeerCertificate === 'function') {
      const cert = sock.getPeerCertificate();
      if (cert && cert.raw) {
        if (!sock.authorized)
          return {
            problem: problems.unauthorized(
              {
                vi: 'Chứng thư số máy khách không do CA được cấu hình cấp.',
                en: 'The client certificate was not issued by the configured CA.',
              },
              { code: 'certificate-untrusted' },
            ),
          };
        const c = snap.consumersByCert.get(crypto.createHash('sha256').update(cert.raw).digest('hex'));
        if (!c)
          return {
            problem: problems.unauthorized(
              {
                vi: 'Chứng thư số không thuộc hệ thống khai thác nào.',
                en: 'The certificate belongs to no registered consumer.',
              },
              { code: 'certificate-unknown' },
            ),
          };
        return { consumer: c };
      }
    }
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer '))
      return {
        problem: problems.unauthorized(
          {
            vi: 'Thiếu mã truy cập (Bearer) hoặc chứng thư số máy khách.',
            en: 'An access token (Bearer) or a client certificate is required.',
          },
          { code: 'token-missing' },
        ),
      };
    const check = await verifyAccessToken(gw.keys, gw.issuer, auth.slice(7).trim());
    if (!check.ok)
      return {
        problem:
          check.reason === 'expired'
            ? problems.unauthorized(
                { vi: 'Mã truy cập đã hết hạn.', en: 'The access token has expired.' },
                { code: 'token-expired' },
              )
            : problems.unauthorized(
                { vi: 'Mã truy cập không hợp lệ.', en: 'The access token is invalid.' },
                { code: 'token-invalid' },
              ),
      };
    const c = snap.consumers.get(check.claims.consumerId);
    if (!c || c.clientId !== check.claims.clientId)
      return {
        problem: problems.unauthorized(
          { vi: 'Hệ thống khai thác không còn hoạt động.', en: 'The consumer is unknown or disabled.' },
          { code: 'consumer-unknown' },
        ),
      };
    return { consumer: c };
  }

  function target(svc: ServiceEntry, rest: string): string {
    const base = svc.baseUrl.startsWith('/') ? `${config.platformUrl}${svc.baseUrl}` : svc.baseUrl;
    return `${base.replace(/\/+$/, '')}${rest}`;
  }

  /** The call as the log names it (member, service, path), from the raw URL, which keeps the consumer's encoding. */
  function exchangeOf(req: FastifyRequest, started: number) {
    const trace = nextTrace(req.headers.traceparent);
    const raw = req.url.slice(config.prefix.length);
    const q = raw.indexOf('?');
    const pathPart = q < 0 ? raw : raw.slice(0, q);
    const search = q < 0 ? '' : raw.slice(q);
    const [, memberRaw = '', serviceRaw = '', ...restSegs] = pathPart.split('/');
    const rest = restSegs.length ? `/${restSegs.join('/')}` : '';
    const x: Exchange = {
      started,
      at: new Date(),
      member: dec(memberRaw).slice(0, 200),
      serviceCode: dec(serviceRaw).slice(0, 200),
      path: rest || '/',
      consumer: null,
      service: null,
      traceId: trace.traceId,
    };
    const declared = req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : null;
    const declaredIn = declared !== null && Number.isFinite(declared) ? declared : 0;
    return { x, trace, rest, search, declared, declaredIn };
  }

  /** Requests whose handler has begun: it logs them itself. */
  const handled = new WeakSet<FastifyRequest>();

  /**
   * A call refused before the proxy's handler ran (the platform's input guard: a NUL or a broken %-escape in the
   * path or query; any other hook's error) is logged like the gateway's own refusals, then answered as the platform
   * answers it: every refusal of the gateway is in the exchange log, whichever part of the gateway made it.
   */
  async function refusedEarly(err: Error, req: FastifyRequest, reply: FastifyReply) {
    const p = toProblem(err, req);
    if (handled.has(req)) return sendProblem(req, reply, p);
    const { x, declaredIn } = exchangeOf(req, performance.now());
    return refuse(req, reply, x, p, declaredIn);
  }

  async function handle(req: FastifyRequest, reply: FastifyReply) {
    handled.add(req);
    const { x, trace, rest, search, declared, declaredIn } = exchangeOf(req, performance.now());

    const who = await authenticate(req);
    if ('problem' in who) return refuse(req, reply, x, who.problem, declaredIn);
    x.consumer = who.consumer;

    const snap = await gw.registry.get();
    const svc = snap.services.get(serviceKey(x.member, x.serviceCode));
    if (!svc)
      return refuse(
        req,
        reply,
        x,
        problems.notFound(
          { vi: `dịch vụ ${x.member}/${x.serviceCode}`, en: `Service ${x.member}/${x.serviceCode}` },
          { code: 'service-not-found' },
        ),
        declaredIn,
      );
    x.service = svc;

    const rule = ruleFor(snap, who.consumer.id, svc.id, req.method, x.path);
    if (!rule)
      return refuse(
        req,
        reply,
        x,
        problems.forbidden(
          {
            vi: `Hệ thống khai thác chưa được cấp quyền ${req.method} ${x.path} trên dịch vụ này.`,
            en: `The consumer holds no access right for ${req.method} ${x.path} on this service.`,
          },
          { code: 'no-access-rule' },
        ),
        declaredIn,
      );

    const now = new Date();
    const verdict = await gw.limits.hit([
      { key: `gateway.rate:${who.consumer.id}`, max: who.consumer.rateMax, timeWindowMs: who.consumer.rateWindowMs },
      {
        key: `gateway.day:${who.consumer.id}:${vnDay(now)}`,
        max: who.consumer.dailyQuota,
        timeWindowMs: msUntilVnMidnight(now),
      },
    ]);
    if (!verdict.allowed)
      return refuse(
        req,
        reply,
        x,
        tooManyRequests(reply, verdict.retryAfterMs, {
          vi: 'Hệ thống khai thác đã dùng hết hạn mức.',
          en: 'The consumer has used up its quota.',
        }),
        declaredIn,
      );

    if (declared !== null && declared > svc.bodyLimit)
      return refuse(req, reply, x, bodyTooLarge(svc.bodyLimit), declaredIn);

    const admitted = gw.breakers.admit(svc.id);
    if (!admitted.ok) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(admitted.retryAfterMs / 1000))));
      return refuse(
        req,
        reply,
        x,
        problems.unavailable({
          vi: 'Dịch vụ cung cấp đang tạm ngắt do lỗi liên tiếp (circuit breaker).',
          en: 'The provider is cut off after repeated failures (circuit open).',
        }),
        declaredIn,
      );
    }

    // The request body: streamed when its length is declared, read up to the limit first when it is not.
    // No hash object for a call without a body (most are GETs): its hash is the empty one.
    const reqHash = declared || req.headers['transfer-encoding'] !== undefined ? crypto.createHash('sha256') : null;
    const reqKept: Buffer[] | null = svc.logBodies ? [] : null;
    let bytesIn = 0;
    let body: Readable | Buffer | undefined;
    const chunked = declared === null && req.headers['transfer-encoding'] !== undefined;
    if (chunked) {
      const buf = await readUpTo(req.raw, svc.bodyLimit);
      if (!buf) return refuse(req, reply, x, bodyTooLarge(svc.bodyLimit), svc.bodyLimit + 1);
      body = buf;
      bytesIn = buf.length;
      reqHash!.update(buf);
      reqKept?.push(buf);
    } else if (declared) {
      body = req.raw.pipe(
        new Transform({
          transform(chunk: Buffer, _e, cb) {
            bytesIn += chunk.length;
            reqHash!.update(chunk);
            if (reqKept && bytesIn <= MAX_LOGGED_BODY) reqKept.push(chunk);
            cb(null, chunk);
          },
        }),
      );
    }

    const headers: Record<string, string | string[]> = {};
    for (const k in req.headers) {
      const v = req.headers[k];
      if (v !== undefined && !NOT_FORWARDED.has(k) && !k.startsWith('x-lgsp-')) headers[k] = v;
    }
    headers['x-request-id'] = req.id;
    headers.traceparent = trace.header;
    headers['x-lgsp-client'] = `${who.consumer.memberCode}/${who.consumer.clientId}`;
    headers['x-lgsp-client-name'] = encodeURIComponent(who.consumer.name);
    headers['x-lgsp-purpose'] = encodeURIComponent(rule.purpose);
    headers['x-forwarded-for'] = req.ip;

    const url = target(svc, `${rest}${search}`);
    const canRetry = IDEMPOTENT.has(req.method) && body === undefined;
    let res: Dispatcher.ResponseData<unknown> | undefined;
    let failure: unknown;
    for (let attempt = 0; attempt <= (canRetry ? config.retries : 0); attempt++) {
      try {
        res = await undiciRequest(url, {
          method: req.method as Dispatcher.HttpMethod,
          headers,
          body,
          dispatcher: gw.dispatcher,
          headersTimeout: svc.timeoutMs,
          bodyTimeout: svc.timeoutMs,
          maxRedirections: 0,
        } as Parameters<typeof undiciRequest>[1]);
        break;
      } catch (e) {
        failure = e;
        if (!RETRYABLE.has(errCode(e))) break;
      }
    }
    if (!res) {
      gw.breakers.failure(svc.id);
      const timedOut = TIMEOUTS.has(errCode(failure));
      req.log.warn({ err: failure, service: svc.code }, 'gateway: provider failed');
      return refuse(
        req,
        reply,
        x,
        timedOut
          ? new Problem({
              status: 504,
              code: 'provider-timeout',
              title: { vi: 'Dịch vụ cung cấp không trả lời', en: 'Gateway timeout' },
              detail: {
                vi: `Dịch vụ không trả lời trong ${svc.timeoutMs} ms.`,
                en: `The provider did not answer within ${svc.timeoutMs} ms.`,
              },
            })
          : providerUnreachable(),
        bytesIn,
      );
    }
    if (res.statusCode >= 502 && res.statusCode <= 504) gw.breakers.failure(svc.id);
    else gw.breakers.success(svc.id);

    for (const k in res.headers) {
      const v = res.headers[k];
      if (v !== undefined && !HOP.has(k)) reply.header(k, v);
    }
    reply.code(res.statusCode);

    const resHash = crypto.createHash('sha256');
    const resKept: Buffer[] | null = svc.logBodies ? [] : null;
    let bytesOut = 0;
    let logged = false;
    const secret = svc.logBodies ? gw.keys.secret() : '';
    const finish = (outcome: LogRow['outcome']) => {
      if (logged) return Promise.resolve();
      logged = true;
      return write(
        logRow(req, x, {
          status: res.statusCode,
          outcome,
          bytesIn,
          bytesOut,
          requestSha256: reqHash ? reqHash.copy().digest('hex') : EMPTY_SHA256,
          responseSha256: resHash.copy().digest('hex'),
          requestBody: reqKept ? seal(secret, Buffer.concat(reqKept)) : null,
          responseBody: resKept ? seal(secret, Buffer.concat(resKept)) : null,
        }),
      );
    };
    const declaredOut = res.headers['content-length'];
    if (
      typeof declaredOut === 'string' &&
      Number(declaredOut) <= WHOLE_BODY &&
      // What reply.send(buffer) would change: a content type of its own, and a HEAD's length.
      res.headers['content-type'] !== undefined &&
      req.method !== 'HEAD'
    ) {
      const chunks: Buffer[] = [];
      // A client that leaves early still leaves a row (what was read so far).
      reply.raw.on('close', () => {
        if (!logged)
          void finish('forwarded').catch((err: unknown) => req.log.error({ err }, 'gateway: log row not written'));
      });
      try {
        await readBody(res.body as Readable, (chunk) => {
          bytesOut += chunk.length;
          resHash.update(chunk);
          if (resKept) resKept.push(chunk);
          chunks.push(chunk);
        });
      } catch (err) {
        // Nothing has left yet: the client gets the gateway's own 502 instead of the provider's headers, and its row
        // says so.
        gw.breakers.failure(svc.id);
        req.log.warn({ err, service: svc.code }, 'gateway: provider body failed');
        logged = true;
        for (const k in res.headers) reply.removeHeader(k);
        return refuse(req, reply, x, providerUnreachable(), bytesIn);
      }
      await finish('forwarded');
      return reply.send(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytesOut));
    }

    let held: Buffer | null = null;
    const out = new Transform({
      transform(chunk: Buffer, _e, cb) {
        bytesOut += chunk.length;
        resHash.update(chunk);
        if (resKept && bytesOut <= MAX_LOGGED_BODY) resKept.push(chunk);
        const prev = held;
        held = chunk;
        cb(null, prev ?? undefined);
      },
      flush(cb) {
        finish('forwarded').then(
          () => cb(null, held ?? undefined),
          (err: unknown) => cb(err as Error),
        );
      },
    });
    res.body.on('error', (err) => {
      gw.breakers.failure(svc.id);
      req.log.warn({ err, service: svc.code }, 'gateway: provider body failed');
      void finish('upstream-error').finally(() => out.destroy(err));
    });
    // A client that leaves early still leaves a row (what was sent so far).
    reply.raw.on('close', () => {
      if (!logged)
        void finish('forwarded').catch((err: unknown) => req.log.error({ err }, 'gateway: log row not written'));
    });
    res.body.pipe(out);
    return reply.send(out);
  }

  for (const url of [`${config.prefix}/*`]) {
    app.route({
      method: [...METHODS],
      url,
      schema: { hide: true },
      config: { noAudit: 'proxied to a provider: recorded in the exchange log, not the audit log' },
      handler: handle,
      errorHandler: refusedEarly,
    });
  }
}

function providerUnreachable(): Problem {
  return new Problem({
    status: 502,
    code: 'provider-unreachable',
    title: { vi: 'Không kết nối được dịch vụ cung cấp', en: 'Bad gateway' },
    detail: {
      vi: 'Kết nối tới dịch vụ cung cấp bị lỗi hoặc bị ngắt.',
      en: 'The connection to the provider failed or was reset.',
    },
  });
}

function bodyTooLarge(limit: number): Problem {
  return problems.tooLarge(
    {
      vi: `Nội dung vượt giới hạn ${limit} byte của dịch vụ.`,
      en: `The body exceeds the service's limit of ${limit} bytes.`,
    },
    { code: 'body-too-large' },
  );
}

/** Hands each chunk of `stream` to `onChunk`; resolves at its end, rejects on its error. */
function readBody(stream: Readable, onChunk: (c: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('data', onChunk);
    stream.once('end', resolve);
    stream.once('error', reject);
  });
}

/** The whole stream, or null as soon as it passes `limit` bytes. */
function readUpTo(stream: Readable, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let n = 0;
    const onData = (c: Buffer) => {
      n += c.length;
      if (n > limit) {
        stream.off('data', onData);
        stream.resume();
        resolve(null);
        return;
      }
      parts.push(c);
    };
    stream.on('data', onData);
    stream.once('end', () => resolve(Buffer.concat(parts)));
    stream.once('error', reject);
  });
}
