/** Registers (sổ văn bản), their lines, numbers reserved by hand; document types; agencies' symbols and places. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  coverageOf,
  errorResponses,
  PROVINCE,
  problems,
  requireAuth,
  requirePermission,
  transact,
  type App,
  StringEnum,
} from '../../platform/index.js';
import { agencies } from '../../directory/index.js';
import { clock } from '../clock.js';
import { nextNumber, registerName, vietnamYear } from '../numbering.js';
import { documentAgencySettings, documentNumbers, documentRegisters, documents, documentTypes } from '../schema.js';
import { pgErrorCode } from '../service.js';
import { DIRECTIONS } from '../statuses.js';
import { RegisterLine, RegisterView, TypeView } from '../views.js';

const tags = ['documents'];
const Id = Type.String({ format: 'uuid' });

export async function registerRoutes(app: App) {
  const db = app.ctx.db;

  const registerView = async (id: string) => {
    const [r] = await db
      .select({
        r: documentRegisters,
        agencyName: agencies.name,
        reserved: sql<number>`(SELECT count(*)::int FROM document_numbers n WHERE n.register_id = ${documentRegisters.id} AND n.reserved_by IS NOT NULL AND n.document_id IS NULL)`,
      })
      .from(documentRegisters)
      .innerJoin(agencies, eq(agencies.id, documentRegisters.agencyId))
      .where(eq(documentRegisters.id, id));
    return r;
  };
  const view = (x: NonNullable<Awaited<ReturnType<typeof registerView>>>) => ({
    ...x.r,
    agencyName: x.agencyName,
    reserved: Number(x.reserved),
    createdAt: undefined,
  });

  app.get(
    '/api/documents/registers',
    {
      schema: {
        tags,
        summary: 'Sổ văn bản đến, đi của các cơ quan — registers of the caller’s agencies',
        querystring: Type.Object({
          agencyId: Type.Optional(Id),
          year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })),
          direction: Type.Optional(StringEnum(DIRECTIONS)),
        }),
        response: { 200: Type.Array(RegisterView), ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => {
      const p = requireAuth(req);
      const cov = await coverageOf(p, 'documents.read', app.ctx.scopes);
      if (!cov.province && !cov.agencyIds.length)
        throw problems.forbidden(undefined, { extra: { action: 'documents.read' } });
      const q = req.query;
      const where = [
        q.agencyId ? eq(documentRegisters.agencyId, q.agencyId) : undefined,
        q.year ? eq(documentRegisters.year, q.year) : undefined,
        q.direction ? eq(documentRegisters.direction, q.direction) : undefined,
        cov.province
          ? undefined
          : sql`${documentRegisters.agencyId} IN (SELECT jsonb_array_elements_text(${JSON.stringify(cov.agencyIds)}::jsonb)::uuid)`,
      ].filter(Boolean);
      const rows = await db
        .select({
          r: documentRegisters,
          agencyName: agencies.name,
          reserved: sql<number>`(SELECT count(*)::int FROM document_numbers n WHERE n.register_id = ${documentRegisters.id} AND n.reserved_by IS NOT NULL AND n.document_id IS NULL)`,
        })
        .from(documentRegisters)
        .innerJoin(agencies, eq(agencies.id, documentRegisters.agencyId))
        .where(and(...where))
        .orderBy(
          sql`${documentRegisters.year} DESC`,
          asc(agencies.name),
          asc(documentRegisters.direction),
          asc(documentRegisters.series),
        )
        .limit(500);
      return rows.map(view);
    },
  );

  app.post(
    '/api/documents/registers',
    {
      schema: {
        tags,
        summary: 'Mở sổ văn bản — open a register (a series of its own for some types, e.g. normative documents)',
        description:
          'A register is for one agency, direction, series and year. The general register of a year is opened by itself on first use.',
        body: Type.Object(
          {
            agencyId: Id,
            direction: StringEnum(DIRECTIONS),
            year: Type.Integer({ minimum: 2000, maximum: 2200 }),
            series: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9_-]+$' }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            typeCodes: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 10 }), {
                minItems: 1,
                maxItems: 40,
                uniqueItems: true,
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: RegisterView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body;
      await requirePermission(req, 'documents.registers.manage', { agencyId: b.agencyId });
      if (b.series === 'general' && b.typeCodes)
        throw problems.invalidField(
          '/body/typeCodes',
          { vi: 'Sổ chung không giới hạn loại văn bản.', en: 'The general register takes every type.' },
          'general-register',
        );
      const id = await transact(req, async (tx, audit) => {
        if (b.typeCodes) {
          const known = await tx.select({ code: documentTypes.code }).from(documentTypes);
          const bad = b.typeCodes.findIndex((c) => !known.some((k) => k.code === c));
          if (bad >= 0)
            throw problems.invalidField(
              `/body/typeCodes/${bad}`,
              { vi: 'Loại văn bản không có trong danh mục.', en: 'Unknown document type.' },
              'unknown-type',
            );
        }
        const [r] = await tx
          .insert(documentRegisters)
          .values({
            agencyId: b.agencyId,
            direction: b.direction,
            year: b.year,
            series: b.series,
            name: b.name ?? `${registerName(b.direction, b.year)} (${b.series})`,
            typeCodes: b.typeCodes ?? null,
          })
          .onConflictDoNothing()
          .returning();
        if (!r)
          throw problems.conflict(
            { vi: 'Sổ này đã có.', en: 'This register exists already.' },
            { code: 'register-exists' },
          );
        await audit({
          action: 'document.register.open',
          targetType: 'document_register',
          targetId: r.id,
          details: { ...b },
          scope: { agencyId: b.agencyId },
        });
        return r.id;
      });
      return reply.code(201).send(view((await registerView(id))!));
    },
  );

  app.get(
    '/api/documents/registers/:id/lines',
    {
      schema: {
        tags,
        summary:
          'Các dòng của sổ: mỗi số đã cấp, đã lấy trước — the register’s lines, every number given or reserved, in order',
        params: Type.Object({ id: Id }),
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: {
          200: Type.Object({ register: RegisterView, lines: Type.Array(RegisterLine) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const r = await registerView(req.params.id);
      if (!r) throw problems.notFound({ vi: 'sổ văn bản', en: 'Register' }, { code: 'register-not-found' });
      await requirePermission(req, 'documents.read', { agencyId: r.r.agencyId });
      const lines = await db
        .select({
          n: documentNumbers,
          d: {
            numberSymbol: documents.numberSymbol,
            summary: documents.summary,
            status: documents.status,
            issueDate: documents.issueDate,
            registeredAt: documents.registeredAt,
            senderName: documents.senderName,
            recipients: documents.recipients,
          },
        })
        .from(documentNumbers)
        .leftJoin(documents, eq(documents.id, documentNumbers.documentId))
        .where(eq(documentNumbers.registerId, r.r.id))
        .orderBy(asc(documentNumbers.number))
        .limit(req.query.limit)
        .offset(req.query.offset);
      return {
        register: view(r),
        lines: lines.map(({ n, d }) => ({
          number: n.number,
          documentId: n.documentId,
          numberSymbol: d?.numberSymbol ?? null,
          summary: d?.summary ?? null,
          status: d?.status ?? null,
          date: d ? (d.issueDate ?? d.registeredAt?.toISOString().slice(0, 10) ?? null) : null,
          senderOrRecipients: d ? (d.senderName ?? (d.recipients ?? []).map((x) => x.name).join('; ')) : null,
          reservedBy: n.reservedBy,
          reason: n.reason,
          allocatedAt: n.allocatedAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/api/documents/registers/:id/reservations',
    {
      schema: {
        tags,
        summary:
          'Lấy số trước — reserve the register’s next number by hand, with the reason (audited); a document takes it when numbered with reservedNumber',
        params: Type.Object({ id: Id }),
        body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 1000 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ registerId: Id, number: Type.Integer(), reason: Type.String() }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (req, reply) => {
      const r = await registerView(req.params.id);
      if (!r) throw problems.notFound({ vi: 'sổ văn bản', en: 'Register' }, { code: 'register-not-found' });
      const p = await requirePermission(req, 'documents.registers.manage', { agencyId: r.r.agencyId });
      const now = clock.now();
      if (r.r.year !== vietnamYear(now))
        throw problems.conflict(
          { vi: 'Chỉ lấy số trước trong sổ của năm nay.', en: 'Numbers are reserved in this year’s register only.' },
          { code: 'register-closed' },
        );
      const number = await transact(req, async (tx, audit) => {
        const n = await nextNumber(tx, r.r.id, {
          documentId: null,
          reservedBy: p.accountId,
          reason: req.body.reason,
          at: now,
        });
        await audit({
          action: 'document.number.reserve',
          targetType: 'document_register',
          targetId: r.r.id,
          details: { number: n, reason: req.body.reason },
          scope: { agencyId: r.r.agencyId },
        });
        return n;
      });
      return reply.code(201).send({ registerId: r.r.id, number, reason: req.body.reason });
    },
  );

  app.get(
    '/api/documents/types',
    {
      schema: {
        tags,
        summary:
          'Danh mục loại văn bản và chữ viết tắt (Nghị định 30/2020, phụ lục III) — document types and abbreviations',
        response: { 200: Type.Array(TypeView), ...errorResponses(401) },
      },
    },
    async () => db.select().from(documentTypes).orderBy(asc(documentTypes.ordinal), asc(documentTypes.code)),
  );

  app.put(
    '/api/documents/types/:code',
    {
      schema: {
        tags,
        summary: 'Thêm hoặc sửa một loại văn bản — add or change a document type (province administrator)',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 10, pattern: '^[\\p{L}0-9]+$' }) }),
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            nameEn: Type.String({ minLength: 1, maxLength: 200 }),
            letter: Type.Optional(Type.Boolean()),
            ordinal: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: TypeView, ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => {
      await requirePermission(req, 'documents.manage', PROVINCE);
      const b = req.body;
      return transact(req, async (tx, audit) => {
        const values = {
          code: req.params.code,
          name: b.name,
          nameEn: b.nameEn,
          letter: b.letter ?? false,
          ordinal: b.ordinal ?? 100,
          active: b.active ?? true,
        };
        const [t] = await tx
          .insert(documentTypes)
          .values(values)
          .onConflictDoUpdate({ target: documentTypes.code, set: { ...values, code: undefined } })
          .returning();
        await audit({
          action: 'document.type.save',
          targetType: 'document_type',
          targetId: req.params.code,
          details: values,
        });
        return t!;
      });
    },
  );

  const SettingsView = Type.Object({
    agencyId: Id,
    abbreviation: Type.String(),
    place: Type.String(),
    parentName: Type.Union([Type.String(), Type.Null()]),
  });

  app.get(
    '/api/documents/agencies/:agencyId/settings',
    {
      schema: {
        tags,
        summary:
          'Chữ viết tắt, địa danh, cơ quan chủ quản của cơ quan — an agency’s abbreviation, place name and governing body',
        params: Type.Object({ agencyId: Id }),
        response: { 200: SettingsView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await requirePermission(req, 'documents.read', { agencyId: req.params.agencyId });
      const [s] = await db
        .select()
        .from(documentAgencySettings)
        .where(eq(documentAgencySettings.agencyId, req.params.agencyId));
      if (s) return { agencyId: s.agencyId, abbreviation: s.abbreviation, place: s.place, parentName: s.parentName };
      const [a] = await db.select().from(agencies).where(eq(agencies.id, req.params.agencyId));
      if (!a) throw problems.notFound({ vi: 'cơ quan', en: 'Agency' }, { code: 'agency-not-found' });
      return { agencyId: a.id, abbreviation: a.shortName ?? a.code, place: 'Huế', parentName: null };
    },
  );

  app.put(
    '/api/documents/agencies/:agencyId/settings',
    {
      schema: {
        tags,
        summary: 'Sửa chữ viết tắt, địa danh của cơ quan — set an agency’s abbreviation and place name',
        params: Type.Object({ agencyId: Id }),
        body: Type.Object(
          {
            abbreviation: Type.String({ minLength: 1, maxLength: 30, pattern: '^[\\p{L}0-9.&]+$' }),
            place: Type.String({ minLength: 1, maxLength: 100 }),
            parentName: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: SettingsView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await requirePermission(req, 'documents.registers.manage', { agencyId: req.params.agencyId });
      const b = req.body;
      try {
        return await transact(req, async (tx, audit) => {
          const values = {
            agencyId: req.params.agencyId,
            abbreviation: b.abbreviation,
            place: b.place,
            parentName: b.parentName ?? null,
            updatedAt: clock.now(),
          };
          await tx
            .insert(documentAgencySettings)
            .values(values)
            .onConflictDoUpdate({ target: documentAgencySettings.agencyId, set: values });
          await audit({
            action: 'document.settings.save',
            targetType: 'agency',
            targetId: req.params.agencyId,
            details: { ...b },
          });
          return {
            agencyId: values.agencyId,
            abbreviation: values.abbreviation,
            place: values.place,
            parentName: values.parentName,
          };
        });
      } catch (e) {
        if (pgErrorCode(e).code === '23503')
          throw problems.notFound({ vi: 'cơ quan', en: 'Agency' }, { code: 'agency-not-found' });
        throw e;
      }
    },
  );
}
