/**
 * The first-run page's API (/api/setup): open, without login, only while the installation has no province; the
 * one-time code printed in the server's console is the permission. Once set up, every route answers 410 Gone.
 */
import { Type } from 'typebox';
import { findProvince, loadProvince, PROVINCE_AGENCIES, provinceTitle, PROVINCES_2025 } from '../../directory/index.js';
import type { App } from '../http/app.js';
import { Problem, problems } from '../http/problem.js';
import { errorResponses } from '../http/schemas.js';
import { transact } from '../http/transact.js';
import { installedProvince } from './installation.js';
import { completeSetup, SetupError } from './service.js';

const tags = ['setup'];

const gone = () =>
  new Problem({
    status: 410,
    code: 'setup-done',
    title: { vi: 'Không còn dùng', en: 'Gone' },
    detail: {
      vi: 'Hệ thống đã được cài đặt; trang cài đặt lần đầu không còn dùng.',
      en: 'This installation is set up; the first-run page is gone.',
    },
  });

/** A setup refusal as problem+json. */
export function setupProblem(e: SetupError): Problem {
  const errors = e.fields.map((f) => ({ field: f.name, code: e.code, message: f.message }));
  switch (e.code) {
    case 'already-set-up':
      return gone();
    case 'bad-code':
      return problems.forbidden(e.text, { code: 'setup-code' });
    case 'username-taken':
      return problems.conflict(e.text, { code: 'username-taken', errors });
    default:
      return problems.badRequest(e.text, { code: 'validation', errors });
  }
}

const ProvinceType = Type.Union([Type.Literal('tinh'), Type.Literal('thanh_pho_trung_uong')]);
const ProvinceEntry = Type.Object({
  code: Type.String(),
  name: Type.String(),
  type: ProvinceType,
  communes: Type.Integer(),
});
const Former = Type.Object({ code: Type.String(), name: Type.String(), whole: Type.Boolean() });
const ProvinceDetail = Type.Object({
  code: Type.String(),
  name: Type.String(),
  type: ProvinceType,
  formedFrom: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  communes: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), type: Type.String(), formedFrom: Type.Array(Former) }),
  ),
  agencies: Type.Array(Type.String(), {
    description: 'The standard agencies loaded with it (the communes’ People’s Committees aside)',
  }),
});

const Body = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'The one-time code printed in the server’s console',
    }),
    province: Type.String({
      minLength: 1,
      maxLength: 80,
      description: 'The province’s 2-digit code (2025) or its name',
    }),
    admin: Type.Object(
      {
        displayName: Type.String({ minLength: 1, maxLength: 120 }),
        username: Type.String({ minLength: 1, maxLength: 64 }),
        password: Type.String({ minLength: 1, maxLength: 200 }),
        email: Type.Optional(Type.String({ maxLength: 200 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const Result = Type.Object({
  provinceCode: Type.String(),
  provinceName: Type.String(),
  communes: Type.Integer(),
  agencies: Type.Integer(),
  username: Type.String(),
});

export async function setupRoutes(app: App) {
  const open = async () => {
    if (await installedProvince(app.ctx.db)) throw gone();
  };

  app.get(
    '/api/setup',
    {
      schema: {
        tags,
        summary:
          'Cài đặt lần đầu: 34 tỉnh, thành phố để chọn — first-run setup: the 34 provinces to choose from (410 once set up)',
        response: {
          200: Type.Object({ needed: Type.Literal(true), provinces: Type.Array(ProvinceEntry) }),
          ...errorResponses(410),
        },
      },
    },
    async () => {
      await open();
      return { needed: true as const, provinces: PROVINCES_2025 };
    },
  );

  app.get(
    '/api/setup/provinces/:code',
    {
      schema: {
        tags,
        summary: 'Các xã, phường và cơ quan sẽ được nạp cho một tỉnh — the communes and agencies a province would load',
        params: Type.Object({ code: Type.String({ maxLength: 80 }) }),
        response: { 200: ProvinceDetail, ...errorResponses(404, 410) },
      },
    },
    async (req) => {
      await open();
      const entry = findProvince(req.params.code);
      const p = entry ? loadProvince(entry.code) : null;
      if (!p) throw problems.notFound({ vi: `tỉnh ${req.params.code}`, en: `Province ${req.params.code}` });
      return { ...p, agencies: PROVINCE_AGENCIES.map((a) => a.name(provinceTitle(p))) };
    },
  );

  app.post(
    '/api/setup',
    {
      schema: {
        tags,
        summary: 'Chọn tỉnh và tạo người quản trị đầu tiên — choose the province and create the first administrator',
        body: Body,
        response: { 201: Result, ...errorResponses(400, 403, 409, 410) },
      },
    },
    async (req, reply) => {
      await open();
      try {
        const r = await transact(req, (tx, audit) =>
          completeSetup(tx, req.body, {
            code: req.body.code,
            via: 'web',
            audit: ({ actorId, actorLabel, ...e }) => audit({ ...e, actor: { id: actorId, label: actorLabel } }),
          }),
        );
        req.log.info({ province: r.provinceCode, communes: r.communes }, 'first-run setup done');
        return reply
          .code(201)
          .send({
            provinceCode: r.provinceCode,
            provinceName: r.provinceName,
            communes: r.communes,
            agencies: r.agencies,
            username: r.username,
          });
      } catch (e) {
        if (e instanceof SetupError) throw setupProblem(e);
        throw e;
      }
    },
  );
}
