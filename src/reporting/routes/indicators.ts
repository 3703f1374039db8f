/** Indicators: definitions, stored values and trends, values computed now, and entered values with their approval. */
import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  errorResponses,
  problems,
  PROVINCE,
  requireCoverage,
  requirePermission,
  transact,
  type App,
  StringEnum,
} from '../../platform/index.js';
import { reportingIndicatorValues, SCOPE_KINDS, type ScopeKind } from '../schema.js';
import { computeIndicator, getIndicator, listIndicators, readValues } from '../indicators/service.js';
import { lastPeriods, parsePeriod, periodOf } from '../indicators/periods.js';
import { valueOf } from '../indicators/compute.js';
import { sendTable } from '../exports.js';
import { checkEvidence, Evidence } from './evidence.js';
import { Format, Id, Key, PeriodKey, tags } from './common.js';

/** An entered value may be given or corrected until 60 days after its period ends; then the period is closed. */
export const ENTRY_GRACE_DAYS = 60;

export async function indicatorRoutes(app: App) {
  const db = app.ctx.db;

  app.get(
    '/api/reporting/indicators',
    {
      schema: {
        tags,
        summary: 'Chỉ số — indicator definitions (latest version of each)',
        querystring: Type.Object({ format: Type.Optional(Format) }),
        response: { 200: Type.Any(), ...errorResponses(401, 403) },
      },
    },
    async (req, reply) => {
      await requireCoverage(req, 'reporting.read');
      const rows = await listIndicators(db);
      const items = rows.map((i) => ({
        key: i.key,
        version: i.version,
        nameVi: i.nameVi,
        nameEn: i.nameEn,
        unit: i.unit,
        direction: i.direction,
        numeratorVi: i.numeratorVi,
        denominatorVi: i.denominatorVi,
        periodKinds: i.periodKinds,
        scopeKinds: i.scopeKinds,
        source: i.source,
        ownerAgencyId: i.ownerAgencyId,
      }));
      if (req.query.format)
        return sendTable(
          reply,
          req.query.format,
          'chi-so',
          'Danh mục chỉ số',
          [
            { key: 'key', label: 'Mã', width: 20 },
            { key: 'nameVi', label: 'Tên chỉ số', width: 45 },
            { key: 'numeratorVi', label: 'Tử số (a)', width: 30 },
            { key: 'denominatorVi', label: 'Mẫu số (b)', width: 30 },
            { key: 'unit', label: 'Đơn vị', width: 8 },
          ],
          items as never,
        );
      return items;
    },
  );

  app.get(
    '/api/reporting/indicators/:key/values',
    {
      schema: {
        tags,
        summary: 'Giá trị theo kỳ — stored values of an indicator over the last periods (a trend)',
        params: Type.Object({ key: Key }),
        querystring: Type.Object({
          periodKind: Type.Optional(StringEnum(['month', 'quarter', 'half', 'year'] as const)),
          n: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
          scopeKind: Type.Optional(StringEnum(SCOPE_KINDS)),
          scopeId: Type.Optional(Id),
          format: Type.Optional(Format),
        }),
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const scopeKind = (req.query.scopeKind ?? 'province') as ScopeKind;
      if (scopeKind === 'agency' && req.query.scopeId)
        await requirePermission(req, 'reporting.read', { agencyId: req.query.scopeId });
      else if (scopeKind === 'unit' && req.query.scopeId)
        await requirePermission(req, 'reporting.read', { unitId: req.query.scopeId });
      else await requireCoverage(req, 'reporting.read');
      if (scopeKind !== 'province' && !req.query.scopeId)
        throw problems.invalidField('/querystring/scopeId', {
          vi: 'Cần chọn cơ quan hoặc địa bàn.',
          en: 'An agency or unit is required.',
        });
      const ind = await getIndicator(db, req.params.key);
      if (!ind) throw problems.notFound({ vi: 'chỉ số', en: 'Indicator' });
      const kind = req.query.periodKind ?? (ind.periodKinds.includes('month') ? 'month' : 'year');
      const periods = lastPeriods(kind, req.query.n ?? 12);
      const rows = await readValues(db, {
        keys: [ind.key],
        periodKeys: periods.map((p) => p.key),
        scopeKind,
        scopeIds: [scopeKind === 'province' ? '' : req.query.scopeId!],
      });
      const by = new Map(rows.map((r) => [r.periodKey, r]));
      const items = periods.map((p) => {
        const r = by.get(p.key);
        return {
          period: p.key,
          a: r?.a ?? null,
          b: r?.b ?? null,
          value: r?.value ?? null,
          status: r?.status ?? 'none',
          updatedAt: r?.updatedAt.toISOString() ?? null,
        };
      });
      if (req.query.format)
        return sendTable(
          reply,
          req.query.format,
          `${ind.key}-${kind}`,
          ind.nameVi,
          [
            { key: 'period', label: 'Kỳ', width: 12 },
            { key: 'a', label: ind.numeratorVi, width: 25 },
            { key: 'b', label: ind.denominatorVi ?? '', width: 25 },
            { key: 'value', label: 'Giá trị', width: 12 },
            { key: 'status', label: 'Trạng thái', width: 12 },
          ],
          items as never,
        );
      return {
        key: ind.key,
        nameVi: ind.nameVi,
        nameEn: ind.nameEn,
        unit: ind.unit,
        periodKind: kind,
        scope: { kind: scopeKind, id: req.query.scopeId ?? null },
        items,
      };
    },
  );

  app.get(
    '/api/reporting/indicators/:key/compute',
    {
      schema: {
        tags,
        summary:
          'Tính ngay — compute one indicator for one period and scope from its source now ("source not available" when its view is missing)',
        params: Type.Object({ key: Key }),
        querystring: Type.Object({
          period: Type.Optional(PeriodKey),
          scopeKind: Type.Optional(StringEnum(SCOPE_KINDS)),
          scopeId: Type.Optional(Id),
        }),
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const scopeKind = (req.query.scopeKind ?? 'province') as ScopeKind;
      if (scopeKind !== 'province' && !req.query.scopeId)
        throw problems.invalidField('/querystring/scopeId', {
          vi: 'Cần chọn cơ quan hoặc địa bàn.',
          en: 'An agency or unit is required.',
        });
      await requirePermission(
        req,
        'reporting.read',
        scopeKind === 'agency'
          ? { agencyId: req.query.scopeId! }
          : scopeKind === 'unit'
            ? { unitId: req.query.scopeId! }
            : PROVINCE,
      );
      const period = req.query.period ? parsePeriod(req.query.period) : periodOf('year');
      if (!period) throw problems.invalidField('/querystring/period', { vi: 'Kỳ không hợp lệ.', en: 'Not a period.' });
      const v = await computeIndicator(db, req.params.key, {
        period,
        scope: { kind: scopeKind, id: req.query.scopeId },
      });
      if (!v) throw problems.notFound({ vi: 'chỉ số', en: 'Indicator' });
      return {
        ...v,
        messageVi: v.status === 'unavailable' ? `Nguồn dữ liệu chưa sẵn sàng: ${v.missing.join(', ')}` : null,
        messageEn: v.status === 'unavailable' ? `Source not available: ${v.missing.join(', ')}` : null,
      };
    },
  );

  app.put(
    '/api/reporting/indicators/:key/entries',
    {
      schema: {
        tags,
        summary: 'Nhập số liệu — an agency enters an indicator’s figures for a period, with evidence',
        params: Type.Object({ key: Key }),
        body: Type.Object(
          {
            period: PeriodKey,
            agencyId: Id,
            a: Type.Number({ minimum: 0, maximum: 1e12 }),
            b: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
            evidence: Evidence,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      await requirePermission(req, 'reporting.report', { agencyId: req.body.agencyId });
      const ind = await getIndicator(db, req.params.key);
      if (!ind) throw problems.notFound({ vi: 'chỉ số', en: 'Indicator' });
      if (ind.source.kind !== 'entered')
        throw problems.conflict(
          {
            vi: 'Chỉ số này được tính từ dữ liệu, không nhập tay.',
            en: 'This indicator is computed from data, not entered.',
          },
          { code: 'computed-indicator' },
        );
      const period = parsePeriod(req.body.period);
      if (!period || !ind.periodKinds.includes(period.kind))
        throw problems.invalidField('/body/period', {
          vi: `Chỉ số này theo kỳ ${ind.periodKinds.join(', ')}.`,
          en: `This indicator is kept per ${ind.periodKinds.join(', ')}.`,
        });
      if (period.end.getTime() + ENTRY_GRACE_DAYS * 86400_000 < Date.now())
        throw problems.invalidField(
          '/body/period',
          {
            vi: `Kỳ ${period.key} đã khóa sổ (quá ${ENTRY_GRACE_DAYS} ngày sau khi kết thúc).`,
            en: `Period ${period.key} is closed (over ${ENTRY_GRACE_DAYS} days after its end).`,
          },
          'period-closed',
        );
      if (period.start.getTime() > Date.now())
        throw problems.invalidField(
          '/body/period',
          { vi: `Kỳ ${period.key} chưa bắt đầu.`, en: `Period ${period.key} has not started.` },
          'period-future',
        );
      if (ind.unit === '%' && (req.body.b === undefined || req.body.a > req.body.b))
        throw problems.invalidField('/body/b', {
          vi: 'Mẫu số (b) là bắt buộc và không nhỏ hơn tử số (a).',
          en: 'The denominator (b) is required and not below the numerator (a).',
        });
      const ev = await checkEvidence(app, req.body.evidence);
      const b = req.body.b ?? null;
      return transact(req, async (tx, audit) => {
        const keyCond = and(
          eq(reportingIndicatorValues.indicatorKey, ind.key),
          eq(reportingIndicatorValues.periodKind, period.kind),
          eq(reportingIndicatorValues.periodKey, period.key),
          eq(reportingIndicatorValues.scopeKind, 'agency'),
          eq(reportingIndicatorValues.scopeId, req.body.agencyId),
        );
        const [prev] = await tx.select().from(reportingIndicatorValues).where(keyCond);
        if (prev?.status === 'approved')
          throw problems.conflict(
            { vi: 'Số liệu đã được duyệt.', en: 'The figures are already approved.' },
            { code: 'illegal-transition' },
          );
        const values = {
          a: req.body.a,
          b,
          value: valueOf({ a: req.body.a, b }, ind.unit),
          status: 'entered' as const,
          evidenceSha256: ev.sha256,
          evidenceUrl: ev.url,
          note: req.body.note ?? null,
          enteredBy: req.principal!.accountId,
          reviewedBy: null,
          indicatorVersion: ind.version,
          updatedAt: new Date(),
        };
        const [row] = await tx
          .insert(reportingIndicatorValues)
          .values({
            indicatorKey: ind.key,
            periodKind: period.kind,
            periodKey: period.key,
            scopeKind: 'agency',
            scopeId: req.body.agencyId,
            ...values,
          })
          .onConflictDoUpdate({
            target: [
              reportingIndicatorValues.indicatorKey,
              reportingIndicatorValues.periodKind,
              reportingIndicatorValues.periodKey,
              reportingIndicatorValues.scopeKind,
              reportingIndicatorValues.scopeId,
            ],
            set: values,
          })
          .returning();
        await audit({
          action: 'reporting.value.enter',
          targetType: 'reporting_indicator_value',
          targetId: row!.id,
          details: { key: ind.key, period: period.key, a: req.body.a, b },
        });
        return row;
      });
    },
  );

  app.post(
    '/api/reporting/indicator-values/:id/:decision',
    {
      schema: {
        tags,
        summary: 'Duyệt số liệu — only the department owning the indicator approves or returns an entered value',
        params: Type.Object({ id: Id, decision: Type.Union([Type.Literal('approve'), Type.Literal('return')]) }),
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        response: { 200: Type.Any(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const [v] = await db
        .select()
        .from(reportingIndicatorValues)
        .where(eq(reportingIndicatorValues.id, req.params.id));
      if (!v) throw problems.notFound({ vi: 'số liệu', en: 'Value' });
      const ind = await getIndicator(db, v.indicatorKey);
      // The owning department's leader; an indicator without an owner is the province's.
      await requirePermission(
        req,
        'reporting.approve',
        ind?.ownerAgencyId ? { agencyId: ind.ownerAgencyId } : PROVINCE,
      );
      if (v.status !== 'entered')
        throw problems.conflict(
          { vi: `Số liệu đang ở trạng thái "${v.status}".`, en: `The value is "${v.status}".` },
          { code: 'illegal-transition' },
        );
      if (req.params.decision === 'return' && !req.body.reason?.trim())
        throw problems.invalidField('/body/reason', { vi: 'Cần nêu lý do trả lại.', en: 'A reason is required.' });
      return transact(req, async (tx, audit) => {
        const [row] = await tx
          .update(reportingIndicatorValues)
          .set({
            status: req.params.decision === 'approve' ? 'approved' : 'returned',
            reviewedBy: req.principal!.accountId,
            note: req.body.reason ?? v.note,
            updatedAt: new Date(),
          })
          .where(and(eq(reportingIndicatorValues.id, v.id), eq(reportingIndicatorValues.status, 'entered')))
          .returning();
        if (!row) throw problems.conflict({ vi: 'Số liệu vừa thay đổi.', en: 'The value changed meanwhile.' });
        await audit({
          action: `reporting.value.${req.params.decision}`,
          targetType: 'reporting_indicator_value',
          targetId: v.id,
          details: { key: v.indicatorKey, period: v.periodKey },
          scope: { agencyId: v.scopeId },
        });
        return row;
      });
    },
  );
}
