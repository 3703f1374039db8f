import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import helmet from 'helmet';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger } from 'pino';
import { Problem, problems } from './problem.js';
import { toFieldErrors } from './validation.js';
import { registerInputGuards } from './input-guard.js';

/** The Fastify instance with TypeBox typing of schemas. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The language of the answer: Vietnamese first, English when the client prefers it. */
export function requestLanguage(req: FastifyRequest): 'vi' | 'en' {
  const h = req.headers['accept-language'];
  if (!h) return 'vi';
  const first = h.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

export function sendProblem(req: FastifyRequest, reply: import('fastify').FastifyReply, p: Problem) {
  return reply
    .code(p.status)
    .type('application/problem+json; charset=utf-8')
    .send(p.toJSON(requestLanguage(req), req.url.split('?')[0], req.id));
}

/** Maps whatever was thrown to a problem; unknown errors become a logged 500 that reveals nothing. */
export function toProblem(err: FastifyError | Error, req: FastifyRequest): Problem {
  if (err instanceof Problem) return err;
  const fe = err as FastifyError;
  if (fe.validation)
    return problems.badRequest(
      { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request is invalid.' },
      { code: 'validation', errors: toFieldErrors(fe.validation, fe.validationContext ?? 'body') },
    );
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problems.badRequest(
        { vi: 'Nội dung JSON không đọc được.', en: 'The JSON body could not be parsed.' },
        { code: 'malformed-json' },
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return problems.tooLarge({
        vi: 'Nội dung gửi lên vượt quá giới hạn cho phép.',
        en: 'The request body exceeds the allowed size.',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problems.unsupported({
        vi: 'Kiểu nội dung không được hỗ trợ.',
        en: 'This content type is not supported.',
      });
    case 'FST_ERR_BAD_URL':
      return problems.badRequest(
        {
          vi: 'Địa chỉ chứa mã %-escape không phải UTF-8 hợp lệ.',
          en: 'The URL holds a %-escape that is not valid UTF-8.',
        },
        { code: 'malformed-url' },
      );
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return problems.unsupported({
        vi: 'Cần gửi dạng multipart/form-data.',
        en: 'A multipart/form-data body is required.',
      });
  }
  if (fe.statusCode === 429)
    return problems.tooMany({
      vi: 'Bạn thử quá nhiều lần, vui lòng đợi rồi thử lại.',
      en: 'Too many attempts, please wait and try again.',
    });
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new Problem({
      status: fe.statusCode,
      code: 'bad-request',
      title: { vi: 'Yêu cầu không hợp lệ', en: 'Bad request' },
      detail: { vi: 'Yêu cầu không hợp lệ.', en: fe.message },
    });
  }
  req.log.error({ err }, 'unhandled error');
  return problems.internal();
}

const JSON_TYPE = /^application\/(problem\+)?json\b/;

/** The headers helmet sets with these options, captured once. */
export function helmetHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (k: string, v: unknown) => void (headers[k.toLowerCase()] = String(v)),
    removeHeader: (k: string) => void delete headers[k.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

export interface HttpOptions {
  logger: Logger;
  bodyLimit: number;
  version: string;
  publicUrl: string;
  /** The load balancers whose X-Forwarded-For names the client (TRUST_PROXY); false: the client is the peer. */
  trustProxy?: string[] | false;
  /** Other origins the web pages may load images from and fetch (the configured base map's tiles and geocoder). */
  allowedOrigins?: { img: string[]; connect: string[] };
}

/** The bare HTTP server: errors, OpenAPI, security headers, request ids. Modules are registered on it afterwards. */
export async function createHttp(opts: HttpOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: opts.bodyLimit,
    // A client's address decides its rate limits: a header names it only when a configured proxy sent it.
    trustProxy: opts.trustProxy ?? false,
    requestIdHeader: 'x-request-id',
    // A path Fastify cannot decode (`%ED%A0%80`) or a parameter over its length is a problem+json too.
    frameworkErrors: (err, req, reply) => sendProblem(req, reply, toProblem(err, req)),
    // A client-supplied id is kept only when it looks like one, so logs cannot be forged.
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && /^[\w.-]{8,80}$/.test(h) ? h : crypto.randomUUID();
    },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
      plugins: [(await import('ajv-formats')).default as never],
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Before any route exists: every route's schema gets its bounds, every request its text checked.
  registerInputGuards(app as unknown as App);

  // Security headers, computed once by helmet (running it per request cost a tenth of a small
  // lookup's CPU). Pages and files get the browser-facing set; JSON answers, which a browser never
  // renders, get the short set OWASP recommends for APIs (a stricter policy in fewer bytes).
  const pageHeaders = helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...(opts.allowedOrigins?.img ?? [])],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'", ...(opts.allowedOrigins?.connect ?? [])],
        fontSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: opts.publicUrl.startsWith('https:'),
  });
  const apiHeaders = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    strictTransportSecurity: opts.publicUrl.startsWith('https:'),
  });
  app.addHook('onSend', async (req, reply) => {
    const type = reply.getHeader('content-type');
    const set = typeof type === 'string' && JSON_TYPE.test(type) ? apiHeaders : pageHeaders;
    // A route may set its own (the API explorer's page carries its own policy): that one stands.
    for (const k in set) if (!reply.hasHeader(k)) reply.header(k, set[k]);
    reply.header('x-request-id', req.id);
  });

  await app.register(cookie);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tỉnh số API',
        description:
          'API của nền tảng chính quyền số cấp tỉnh — Digital-government platform API for a Vietnamese province.',
        version: opts.version,
      },
      servers: [{ url: opts.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tinhso_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token (tsk_…)' },
        },
      },
      tags: [
        { name: 'platform', description: 'Health, readiness' },
        { name: 'auth', description: 'Đăng nhập, phiên, token — login, sessions, tokens' },
        { name: 'audit', description: 'Nhật ký kiểm toán — audit log' },
        { name: 'calendar', description: 'Lịch làm việc — working calendar' },
        { name: 'files', description: 'Tệp — file store' },
        { name: 'payments', description: 'Thanh toán phí, lệ phí — fee payments' },
        { name: 'directory', description: 'Danh mục: đơn vị hành chính, cơ quan, cán bộ — directory' },
        { name: 'procedures', description: 'Thủ tục hành chính và quy trình — procedure catalog and workflows' },
        {
          name: 'dossiers',
          description: 'Hồ sơ: tiếp nhận, xử lý, thống kê — dossiers: receipt, processing, statistics',
        },
        { name: 'public', description: 'Tra cứu công khai, không cần đăng nhập — public lookup' },
      ],
    },
  });
  // swagger-ui sets inline styles on its elements: its own policy (for /docs only) allows them, scripts stay 'self'.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header) =>
      header.replace(/style-src ([^;]*)/, (m, v: string) =>
        v.includes("'unsafe-inline'") ? m : `style-src ${v} 'unsafe-inline'`,
      ),
  });

  app.setErrorHandler((err, req, reply) => sendProblem(req, reply, toProblem(err as Error, req)));
  app.setNotFoundHandler((req, reply) =>
    sendProblem(
      req,
      reply,
      problems.notFound(
        { vi: `đường dẫn ${req.method} ${req.url.split('?')[0]}`, en: `Route ${req.method} ${req.url.split('?')[0]}` },
        { code: 'route-not-found' },
      ),
    ),
  );
  return app as unknown as App;
}
