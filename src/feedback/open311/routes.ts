/**
 * Open311 GeoReport v2 at /open311/v2 (giao diện chuẩn Open311), so existing clients work unchanged:
 * services, service definitions, requests (GET with the standard filters, POST with api_key),
 * one request, tokens; JSON and XML; errors as [{code, description}] / <errors><error>.
 * jurisdiction_id is the province code; it may be left out, as this server has one jurisdiction.
 */
import { eq, asc } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  holdsPermission,
  Problem,
  requestLanguage,
  transact,
  type App,
  type Executor,
  type Principal,
  principalFromApiToken,
  parseVnPhone,
  installedProvince,
} from '../../platform/index.js';
import { intakeCovers } from '../intake-scope.js';
import { PROVINCE_CODE } from '../../directory/index.js';
import { feedbackCategories } from '../schema.js';
import { submitReport } from '../actions/index.js';
import { serviceRequests } from './format.js';
import { xmlDocument, xmlList, type XmlValue } from './xml.js';

type Format = 'json' | 'xml';
const FORMATS: Format[] = ['json', 'xml'];
const BASE = '/open311/v2';
const tags = ['feedback'];

/** An error in the spec's own shape. */
class Open311Error extends Error {
  constructor(
    readonly status: number,
    description: string,
  ) {
    super(description);
  }
}

const formatOf = (req: FastifyRequest): Format => (/\.xml(\?|$)/.test(req.url) ? 'xml' : 'json');

function send(reply: FastifyReply, format: Format, status: number, json: unknown, xml: () => string) {
  return format === 'xml'
    ? reply.code(status).type('text/xml; charset=utf-8').send(xml())
    : reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(json));
}

function sendErrors(reply: FastifyReply, format: Format, status: number, description: string) {
  const errors = [{ code: status, description }];
  return send(reply, format, status, errors, () => xmlList('errors', 'error', errors));
}

/** `name.json` / `name.xml` → [name, format]; anything else is a 404 for this API. */
function splitFile(file: string): [string, Format] {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  if (!m) throw new Open311Error(404, 'Unknown format: use .json or .xml');
  return [decodeURIComponent(m[1]!), m[2] as Format];
}

type Params = Record<string, string | string[] | undefined>;
const str = (v: unknown): string | undefined =>
  Array.isArray(v) ? str(v[0]) : typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
const csv = (v: unknown) =>
  str(v)
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The jurisdiction is the installation's province (chosen at first-run setup; the demo is Huế, 46). It never changes
 * once set, so it is read once per app; before setup the shipped default answers.
 */
function jurisdictionOf(db: Executor) {
  let code: string | null = null;
  return async (p: Params) => {
    code ??= (await installedProvince(db))?.provinceCode ?? null;
    const served = code ?? PROVINCE_CODE;
    const j = str(p.jurisdiction_id);
    if (j !== undefined && j !== served)
      throw new Open311Error(404, `jurisdiction_id provided was not found: this server serves ${served}`);
  };
}

// W3C date-time (the spec's format) in the years 1900–2199, as every date of the API: `new Date` also
// reads year 0, negative years and `+275760-09-13`, which no timestamp column takes.
const W3C_DATE = /^(?:19|20|21)\d{2}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function date(v: unknown, name: string): Date | undefined {
  const s = str(v);
  if (!s) return undefined;
  const d = W3C_DATE.test(s) ? new Date(s) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new Open311Error(400, `${name} is not a w3 date-time`);
  return d;
}

/** Form-encoded bodies: `attribute[code]=value` pairs become an `attribute` object. */
function parseForm(body: string): Params {
  const out: Record<string, string | string[]> = {};
  const attribute: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const m = /^attribute\[(.+)\]$/.exec(k);
    if (m) attribute[m[1]!] = v;
    else if (k in out) out[k] = ([] as string[]).concat(out[k]!, v);
    else out[k] = v;
  }
  return Object.keys(attribute).length ? { ...out, attribute: JSON.stringify(attribute) } : out;
}

async function apiPrincipal(req: FastifyRequest, p: Params): Promise<Principal | null> {
  if (req.principal?.via === 'token') return req.principal;
  const key = str(p.api_key);
  return key ? principalFromApiToken(req.server.ctx.db, key) : null;
}

export async function open311Routes(app: App) {
  const db = app.ctx.db;
  const checkJurisdiction = jurisdictionOf(db);
  const publicUrl = app.ctx.config.publicUrl.replace(/\/$/, '');

  // Form-encoded POST bodies, for this plugin only (the rest of the API speaks JSON).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => {
      try {
        done(null, parseForm(body as string));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );

  app.setErrorHandler((err: Error & { validation?: unknown; statusCode?: number }, req, reply) => {
    const format = formatOf(req);
    if (err instanceof Open311Error) return sendErrors(reply, format, err.status, err.message);
    if (err instanceof Problem) {
      const p = err.toJSON(requestLanguage(req)) as { detail?: string; title: string };
      const fieldCode = err.errors[0]?.code;
      // The spec's codes: an unknown service_code is a 404, other refusals 400/403.
      const status = fieldCode === 'unknown-category' ? 404 : err.status;
      return sendErrors(reply, format, status, p.detail ?? p.title);
    }
    if (err.validation) return sendErrors(reply, format, 400, err.message);
    if (err.statusCode && err.statusCode < 500) return sendErrors(reply, format, err.statusCode, err.message);
    req.log.error({ err }, 'open311 request failed');
    return sendErrors(reply, format, 500, 'Internal server error');
  });

  // The spec's parameters, named for the API document; each is read leniently (`str`, `csv`), a repeated one by its first value.
  const param = (description: string) => Type.Optional(Type.Unknown({ description }));
  const jurisdiction = {
    jurisdiction_id: param('the province code of this installation (the demo: 46); may be left out'),
  };
  const Query = Type.Object(jurisdiction, { additionalProperties: true });
  const RequestsQuery = Type.Object(
    {
      ...jurisdiction,
      service_request_id: param('comma-separated ids (PA-2026-12); the other filters are then ignored'),
      service_code: param('comma-separated service codes'),
      start_date: param('w3c date-time, 1900–2199; default 90 days before end_date'),
      end_date: param('w3c date-time, 1900–2199'),
      status: param('open, closed, or both comma-separated'),
    },
    { additionalProperties: true },
  );
  const RequestBody = Type.Object(
    {
      ...jurisdiction,
      api_key: param('an API token (or send it as a Bearer token)'),
      service_code: param('required'),
      lat: param('required, with long'),
      long: param('required, with lat'),
      address_string: param('the place in words'),
      description: param('what is wrong'),
      media_url: param('a photo'),
      first_name: param('the reporter'),
      last_name: param('the reporter'),
      email: param('the reporter'),
      phone: param('the reporter: a Vietnamese mobile or landline number'),
    },
    { additionalProperties: true },
  );
  const services = async () => {
    const rows = await db
      .select()
      .from(feedbackCategories)
      .where(eq(feedbackCategories.active, true))
      .orderBy(asc(feedbackCategories.code));
    return rows.map((c) => ({
      service_code: c.code,
      service_name: c.nameVi,
      description: c.descriptionVi ?? c.nameEn,
      metadata: false,
      type: 'realtime',
      keywords: c.nameEn,
      group: c.groupName ?? '',
    }));
  };

  for (const format of FORMATS) {
    app.get(
      `${BASE}/services.${format}`,
      { schema: { tags, summary: `Open311: danh sách dịch vụ — services (${format})`, querystring: Query } },
      async (req, reply) => {
        await checkJurisdiction(req.query as Params);
        const list = await services();
        return send(reply, format, 200, list, () => xmlList('services', 'service', list));
      },
    );

    app.get(
      `${BASE}/requests.${format}`,
      {
        schema: {
          tags,
          summary: `Open311: tra cứu phản ánh — service requests (${format}); filters service_request_id, service_code, start_date, end_date, status`,
          querystring: RequestsQuery,
        },
      },
      async (req, reply) => {
        const q = req.query as Params;
        await checkJurisdiction(q);
        const ids = csv(q.service_request_id);
        const status = csv(q.status);
        if (status?.some((s) => s !== 'open' && s !== 'closed'))
          throw new Open311Error(400, 'status must be open, closed or both');
        const end = date(q.end_date, 'end_date');
        const start = date(q.start_date, 'start_date');
        // Without ids, the spec's default window: the last 90 days, at most 1000 requests.
        const filter = ids
          ? { ids, limit: 1000 }
          : {
              serviceCodes: csv(q.service_code),
              start:
                start ?? (end ? new Date(end.getTime() - 90 * 86_400_000) : new Date(Date.now() - 90 * 86_400_000)),
              end,
              status: status as ('open' | 'closed')[] | undefined,
              limit: 1000,
            };
        const rows = (await serviceRequests(db, filter, publicUrl)).map(({ token: _t, ...r }) => r);
        return send(reply, format, 200, rows, () => xmlList('service_requests', 'request', rows));
      },
    );

    app.post(
      `${BASE}/requests.${format}`,
      {
        schema: {
          tags,
          summary: `Open311: gửi phản ánh — create a service request (${format}); api_key = an API token`,
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: Type.Optional(RequestBody),
        },
      },
      async (req, reply) => {
        const p = { ...(req.query as Params), ...((req.body as Params | undefined) ?? {}) };
        await checkJurisdiction(p);
        const principal = await apiPrincipal(req, p);
        if (!principal) throw new Open311Error(403, 'api_key was not provided or is invalid');
        // The key must carry the role; where the request lands is judged once it is routed (below).
        if (!holdsPermission(principal, 'feedback.open311-post'))
          throw new Open311Error(403, 'This api_key may not create service requests');
        req.principal = principal;
        const serviceCode = str(p.service_code);
        if (!serviceCode) throw new Open311Error(400, 'service_code was not provided');
        const lat = Number(str(p.lat));
        const lng = Number(str(p.long));
        if (!str(p.lat) || !str(p.long) || !Number.isFinite(lat) || !Number.isFinite(lng))
          throw new Open311Error(400, 'lat and long are required (address_string alone is not supported)');
        // A landline is a phone too (the spec's phone is any number); what is no phone number is refused, not dropped.
        const phone = str(p.phone) ? parseVnPhone(str(p.phone)!)?.e164 : null;
        if (phone === undefined)
          throw new Open311Error(
            400,
            'phone is not a Vietnamese phone number (mobile 0xxx xxx xxx or landline 02xx xxxx xxx)',
          );
        const calendar = await app.ctx.calendar.calendar();
        const report = await transact(req, async (tx, audit) => {
          const [category] = await tx.select().from(feedbackCategories).where(eq(feedbackCategories.code, serviceCode));
          const description = str(p.description) ?? category?.nameVi ?? serviceCode;
          const name = [str(p.first_name), str(p.last_name)].filter(Boolean).join(' ') || null;
          const out = await submitReport(
            tx,
            {
              category: serviceCode,
              description: description.length >= 3 ? description : `${description} …`,
              lat,
              lng,
              address: str(p.address_string),
              mediaUrl: str(p.media_url),
              confirmNew: true,
            },
            {
              channel: 'open311',
              reporter: { accountId: null, phone, name, email: str(p.email) ?? null },
              actor: { kind: 'intake', accountId: principal.accountId },
              uploader: { accountId: principal.accountId, phone: null },
              calendar,
              now: new Date(),
              fields: { category: 'service_code', location: 'lat', photos: 'media_url' },
            },
          );
          if (!(await intakeCovers(tx, principal, 'feedback.open311-post', out.report)))
            throw new Open311Error(403, 'This api_key may not create service requests where this one lands');
          await audit({
            action: 'feedback.submit',
            targetType: 'feedback_report',
            targetId: out.report.id,
            details: { publicId: out.report.publicId, channel: 'open311' },
            scope: { agencyId: out.report.agencyId },
          });
          return out.report;
        });
        const created = [
          { service_request_id: report.publicId, token: report.token, service_notice: null, account_id: null },
        ];
        return send(reply, format, 201, created, () =>
          xmlList('service_requests', 'request', created as Record<string, XmlValue>[]),
        );
      },
    );
  }

  app.get(
    `${BASE}/services/:file`,
    {
      schema: {
        tags,
        summary: 'Open311: định nghĩa dịch vụ — service definition (code.json / code.xml)',
        params: Type.Object({ file: Type.String({ minLength: 1, maxLength: 100 }) }),
        querystring: Query,
      },
    },
    async (req, reply) => {
      const [code, format] = splitFile(req.params.file);
      await checkJurisdiction(req.query as Params);
      const service = (await services()).find((s) => s.service_code === code);
      if (!service) throw new Open311Error(404, `service_code provided was not found: ${code}`);
      const def = { service_code: code, attributes: [] as Record<string, XmlValue>[] };
      return send(reply, format, 200, def, () => xmlDocument('service_definition', def));
    },
  );

  app.get(
    `${BASE}/requests/:file`,
    {
      schema: {
        tags,
        summary: 'Open311: một phản ánh — one service request (id.json / id.xml)',
        params: Type.Object({ file: Type.String({ minLength: 1, maxLength: 100 }) }),
        querystring: Query,
      },
    },
    async (req, reply) => {
      const [id, format] = splitFile(req.params.file);
      await checkJurisdiction(req.query as Params);
      const rows = (await serviceRequests(db, { ids: [id], limit: 1 }, publicUrl)).map(({ token: _t, ...r }) => r);
      if (!rows.length) throw new Open311Error(404, `service_request_id provided was not found: ${id}`);
      return send(reply, format, 200, rows, () => xmlList('service_requests', 'request', rows));
    },
  );

  app.get(
    `${BASE}/tokens/:file`,
    {
      schema: {
        tags,
        summary: 'Open311: tra mã phản ánh từ token — service_request_id from a token',
        params: Type.Object({ file: Type.String({ minLength: 1, maxLength: 100 }) }),
        querystring: Query,
      },
    },
    async (req, reply) => {
      const [token, format] = splitFile(req.params.file);
      await checkJurisdiction(req.query as Params);
      const rows = (await serviceRequests(db, { tokens: [token], limit: 1 }, publicUrl)).map((r) => ({
        service_request_id: r.service_request_id,
        token: r.token,
      }));
      if (!rows.length) throw new Open311Error(404, `token provided was not found: ${token}`);
      return send(reply, format, 200, rows, () => xmlList('service_requests', 'request', rows));
    },
  );
}
