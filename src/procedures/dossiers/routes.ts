/** The dossier API: submit online, receive at the desk, act, read one, the queues. */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import {
  coverageOf,
  errorResponses,
  problems,
  requireAuth,
  unchanged,
  type App,
  StringEnum,
} from '../../platform/index.js';
import { isStaff } from './access.js';
import { ACTIONS } from './actions/index.js';
import { IntakeAttachmentSchema } from '../papers/intake.js';
import { clock } from './clock.js';
import { createDossier, type NewDossierInput } from './create.js';
import { FormDataSchema } from './form-data.js';
import { FeeClaimSchema } from '../fees/routes.js';
import { handlerRoutes } from './handlers.js';
import { detailView, listDossiers, timelineEntry, type QueueQuery } from './queries.js';
import { performAction, visibleDossier, findDossier } from './service.js';
import { ActionResult, DossierDetail, DossierSummary } from './views.js';

const tags = ['dossiers'];
const Id = Type.String({ format: 'uuid' });
const ClientTx = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 100,
    description:
      'Mã giao dịch phía client: gửi lại cùng mã thì không làm gì thêm — retry key, applied once per dossier',
  }),
);

const Applicant = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    // Checked by the server's own rules (./form-data.ts), which name what is wrong in both languages.
    idNumber: Type.Optional(
      Type.String({ maxLength: 20, description: 'Số định danh cá nhân, 12 chữ số (CMND 9 số nơi thủ tục cho phép)' }),
    ),
    phone: Type.Optional(Type.String({ maxLength: 30, description: 'Số điện thoại di động hoặc cố định Việt Nam' })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    unitId: Type.Optional(
      Type.Union([Id, Type.Null()], {
        description: 'Đơn vị hành chính nơi cư trú (không ràng buộc nơi nộp — NĐ 118/2025)',
      }),
    ),
  },
  { additionalProperties: false },
);

const NewDossier = Type.Object(
  {
    procedureId: Type.String({ minLength: 1, maxLength: 100, description: 'Thủ tục: id hoặc mã quốc gia' }),
    agencyId: Type.Optional(Id),
    receivingAgencyId: Type.Optional(Id),
    applicant: Type.Optional(Applicant),
    formData: Type.Optional(FormDataSchema),
    attachments: Type.Optional(Type.Array(IntakeAttachmentSchema, { maxItems: 50 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    fee: Type.Optional(FeeClaimSchema),
    clientTransactionId: ClientTx,
  },
  { additionalProperties: false },
);

const QueueQuerySchema = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 300, description: 'Một hoặc nhiều trạng thái, cách nhau dấu phẩy' })),
  assignedToMe: Type.Optional(Type.Boolean()),
  dueWithin: Type.Optional(Type.Number({ minimum: 0, maximum: 60, description: 'Đến hạn trong N ngày làm việc' })),
  late: Type.Optional(Type.Boolean()),
  agencyId: Type.Optional(Id),
  procedureId: Type.Optional(Id),
  mine: Type.Optional(Type.Boolean({ description: 'Hồ sơ tôi đã nộp' })),
  queue: Type.Optional(
    StringEnum(['to-receive', 'to-process', 'due-soon', 'overdue'] as const, {
      description: 'Hàng đợi có sẵn: chờ tiếp nhận, chờ xử lý, sắp đến hạn (2 ngày làm việc), quá hạn',
    }),
  ),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});

/** The Idempotency-Key header is answered by the platform (the stored first answer); this is the body's own retry key. */
const retryKey = (_req: FastifyRequest, body: { clientTransactionId?: string } | undefined) =>
  body?.clientTransactionId;

/** The workspace's named queues, as filters. */
const NAMED_QUEUES = {
  'to-receive': { status: 'submitted' },
  'to-process': { status: 'received,processing,awaiting_approval,approved' },
  'due-soon': { dueWithin: 2 },
  overdue: { late: true },
} satisfies Record<string, Partial<QueueQuery>>;

export async function dossierRoutes(app: App) {
  const db = app.ctx.db;

  const created = async (
    req: FastifyRequest,
    channel: 'online' | 'counter',
    body: NewDossierInput & { clientTransactionId?: string },
  ) => {
    const { dossier, replayed, preloaded } = await createDossier(req, channel, body, retryKey(req, body));
    if (replayed) unchanged(req); // a replay writes nothing: there is nothing to audit
    return detailView(req, dossier, clock.now(), preloaded);
  };

  app.post(
    '/api/dossiers',
    {
      schema: {
        tags,
        summary: 'Nộp hồ sơ trực tuyến — submit a dossier online (citizen, business)',
        body: NewDossier,
        response: { 201: DossierDetail, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await created(req, 'online', req.body)),
  );

  app.post(
    '/api/dossiers/counter',
    {
      schema: {
        tags,
        summary: 'Tiếp nhận hồ sơ trực tiếp — receive a walk-in dossier at the one-stop desk (officer)',
        body: Type.Object({ ...NewDossier.properties, applicant: Applicant }, { additionalProperties: false }),
        response: { 201: DossierDetail, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await created(req, 'counter', req.body)),
  );

  for (const def of ACTIONS) {
    app.post(
      `/api/dossiers/:id/actions/${def.name}`,
      {
        schema: {
          tags,
          summary: `${def.label.vi} — ${def.label.en.toLowerCase()}`,
          description: `Allowed from: ${def.from.join(', ')}. Any other state answers 409 with the allowed actions.`,
          params: Type.Object({ id: Id }),
          body: Type.Object(
            { ...(def.body as ReturnType<typeof Type.Object>).properties, clientTransactionId: ClientTx },
            { additionalProperties: false },
          ),
          response: { 200: ActionResult, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (req) => {
        const { clientTransactionId, ...input } = (req.body ?? {}) as Record<string, unknown> & {
          clientTransactionId?: string;
        };
        const outcome = await performAction(req, req.params.id, def, input, retryKey(req, { clientTransactionId }));
        if (outcome.replayed) unchanged(req);
        const d = (await findDossier(db, req.params.id))!;
        return {
          replayed: outcome.replayed,
          action: timelineEntry(outcome.action),
          dossier: await detailView(req, d, clock.now()),
        };
      },
    );
  }

  app.get(
    '/api/dossiers/:id',
    {
      schema: {
        tags,
        summary:
          'Một hồ sơ với toàn bộ quá trình xử lý — one dossier, its timeline and the actions allowed to the caller',
        params: Type.Object({ id: Id }),
        response: { 200: DossierDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      requireAuth(req);
      return detailView(req, await visibleDossier(req, req.params.id), clock.now());
    },
  );

  const queue = async (
    req: FastifyRequest,
    query: QueueQuery & { mine?: boolean; queue?: keyof typeof NAMED_QUEUES },
  ) => {
    const p = requireAuth(req);
    const q = { ...(query.queue ? NAMED_QUEUES[query.queue] : {}), ...query };
    const now = clock.now();
    const cal = await app.ctx.calendar.calendar();
    if (q.mine || !isStaff(p)) return listDossiers(db, { applicant: p.accountId }, q, p, cal, now);
    return listDossiers(
      db,
      { agencyIds: (await coverageOf(p, 'dossiers.read', app.ctx.scopes)).agencyIds },
      q,
      p,
      cal,
      now,
    );
  };
  const listSchema = {
    200: Type.Object({ items: Type.Array(DossierSummary), total: Type.Integer() }),
    ...errorResponses(400, 401),
  };

  app.get(
    '/api/dossiers',
    {
      schema: {
        tags,
        summary: 'Hàng đợi hồ sơ — queues: staff see their agencies’ dossiers, citizens their own',
        querystring: QueueQuerySchema,
        response: listSchema,
      },
    },
    async (req) => queue(req, req.query),
  );

  app.get(
    '/api/dossiers/mine',
    {
      schema: {
        tags,
        summary: 'Hồ sơ của tôi — the dossiers I submitted',
        querystring: QueueQuerySchema,
        response: listSchema,
      },
    },
    async (req) => queue(req, { ...req.query, mine: true }),
  );

  await handlerRoutes(app);

  // Unknown action names get a clear answer rather than the generic route 404.
  app.post(
    '/api/dossiers/:id/actions/:action',
    {
      schema: { tags, hide: true, params: Type.Object({ id: Id, action: Type.String() }) },
      config: { noAudit: 'refuses every request' },
    },
    async (req) => {
      throw problems.notFound(
        { vi: `thao tác "${req.params.action}"`, en: `Action "${req.params.action}"` },
        { code: 'unknown-action', extra: { actions: ACTIONS.map((a) => a.name) } },
      );
    },
  );
}
