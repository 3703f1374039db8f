import { Type } from 'typebox';
import { errorResponses, problems, sendFile, type App } from '../../../platform/index.js';
import { getProcedure, listFields, listProcedures, procedureWord } from '../service.js';
import {
  detailView,
  Id,
  LevelSchema,
  OnlineLevelSchema,
  ProcedureDetailView,
  ProcedureSummary,
  summaryView,
} from './views.js';

const tags = ['procedures'];

/** The public catalog: anyone may search and read procedures. */
export async function publicCatalogRoutes(app: App) {
  const db = app.ctx.db;

  app.get(
    '/api/procedures',
    {
      schema: {
        tags,
        summary: 'Tra cứu thủ tục hành chính — search procedures (without diacritics, typo-tolerant)',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200, description: 'tên hoặc mã thủ tục; không dấu cũng được' })),
          field: Type.Optional(Type.String({ maxLength: 100, description: 'mã lĩnh vực' })),
          level: Type.Optional(LevelSchema),
          agencyId: Type.Optional(Id),
          onlineLevel: Type.Optional(OnlineLevelSchema),
          includeInactive: Type.Boolean({ default: false }),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: {
          200: Type.Object({ items: Type.Array(ProcedureSummary), total: Type.Integer() }),
          ...errorResponses(400),
        },
      },
    },
    async (req) => {
      const { includeInactive, ...q } = req.query;
      const { items, total } = await listProcedures(db, { ...q, active: includeInactive ? undefined : true });
      return { items: items.map(summaryView), total };
    },
  );

  app.get(
    '/api/procedures/fields',
    {
      schema: {
        tags,
        summary: 'Lĩnh vực thủ tục — fields of procedures',
        response: {
          200: Type.Array(
            Type.Object({
              code: Type.String(),
              name: Type.String(),
              nameEn: Type.Union([Type.String(), Type.Null()]),
              procedures: Type.Integer(),
            }),
          ),
        },
      },
    },
    async () => listFields(db),
  );

  app.get(
    '/api/procedures/:idOrCode',
    {
      schema: {
        tags,
        summary: 'Chi tiết thủ tục: thành phần hồ sơ, phí, quy trình — one procedure with papers, fees and workflow',
        params: Type.Object({ idOrCode: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: ProcedureDetailView, ...errorResponses(404) },
      },
    },
    async (req) => {
      const p = await getProcedure(db, req.params.idOrCode);
      if (!p) throw problems.notFound(procedureWord);
      return detailView(p);
    },
  );

  app.get(
    '/api/procedures/:idOrCode/papers/:ordinal/template',
    {
      schema: {
        tags,
        summary: 'Tải mẫu đơn, tờ khai của một thành phần hồ sơ — download a paper’s form template',
        params: Type.Object({
          idOrCode: Type.String({ minLength: 1, maxLength: 64 }),
          ordinal: Type.Integer({ minimum: 1, maximum: 1000 }),
        }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      const p = await getProcedure(db, req.params.idOrCode);
      const paper = p?.papers.find((x) => x.ordinal === req.params.ordinal);
      // A template named by the national record but not yet uploaded has no file to give.
      if (!p || !paper?.templateSha256)
        throw problems.notFound({ vi: 'mẫu đơn, tờ khai', en: 'Template' }, { code: 'template-not-found' });
      return sendFile(reply, await app.ctx.files.readFile(paper.templateSha256), { filename: paper.templateName });
    },
  );
}
