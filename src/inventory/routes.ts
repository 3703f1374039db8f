/**
 * The inventory's HTTP API under /api/inventory (problem+json): an agency's registry and the freshness of each of its
 * sources, the evidence behind a figure of the published view, the province's view, the systems whose security-level
 * approval is missing or due, the sources (GLPI, Wazuh) and their runs, spreadsheet uploads, the IPv6 check.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import {
  coverageReaches,
  errorResponses,
  problems,
  PROVINCE,
  requireCoverage,
  requirePermission,
  transact,
  type App,
  StringEnum,
} from '../platform/index.js';
import { agencies, getAgency, todayVn } from '../directory/index.js';
import { adapterContext } from './adapters/context.js';
import { harvestRows, readRows } from './adapters/spreadsheet.js';
import { FACT_TABLES } from './apply.js';
import { agencyFacts, evidence, FACT_COLUMNS, provinceFacts } from './evidence.js';
import { FACT_KINDS, type FactKind } from './facts.js';
import { checkIpv6 } from './ipv6.js';
import { inventoryImports, inventorySources, inventorySystems, type ImportRun, type Source } from './schema.js';
import { freshness, publicSettings, runSource, sealSettings, spreadsheetSource } from './sources.js';
import { runImport } from './sync.js';

const tags = ['inventory'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_UPLOAD = 50 * 1024 * 1024;
const Uuid = Type.String({ format: 'uuid' });
const Row = Type.Record(Type.String(), Type.Unknown());
/** Systems whose review date (ngày rà soát) falls within this many days are due. */
const REVIEW_DUE_DAYS = 60;

const SourceView = Type.Object({
  id: Type.String(),
  agencyId: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  baseUrl: Type.Union([Type.String(), Type.Null()]),
  settings: Row,
  enabled: Type.Boolean(),
  demo: Type.Boolean(),
  lastRunAt: Type.Union([Type.String(), Type.Null()]),
  lastSuccessAt: Type.Union([Type.String(), Type.Null()]),
  lastStatus: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  freshness: Type.String(),
});
const ReportRowView = Type.Object({ at: Type.String(), problem: Type.String(), vi: Type.String(), en: Type.String() });
const RunView = Type.Object({
  id: Type.String(),
  sourceId: Type.String(),
  status: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  counts: Row,
  report: Type.Array(ReportRowView),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const sourceView = (s: Source) => ({
  id: s.id,
  agencyId: s.agencyId,
  kind: s.kind,
  name: s.name,
  baseUrl: s.baseUrl,
  settings: publicSettings(s.settings),
  enabled: s.enabled,
  demo: s.demo,
  lastRunAt: iso(s.lastRunAt),
  lastSuccessAt: iso(s.lastSuccessAt),
  lastStatus: s.lastStatus,
  lastError: s.lastError,
  freshness: freshness(s),
});
const runView = (r: ImportRun) => ({
  id: r.id,
  sourceId: r.sourceId,
  status: r.status,
  reason: r.reason,
  counts: r.counts,
  report: r.report,
  startedAt: r.startedAt.toISOString(),
  finishedAt: iso(r.finishedAt),
});
/** A rows' dates as ISO strings, its internal print left out. */
function plain(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (k !== 'fingerprint') out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

export async function inventoryRoutes(app: App) {
  const db = app.ctx.db;
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD },
    (_req, body, done) => done(null, body),
  );
  app.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD }, (_req, body, done) => done(null, body));

  const agencyOr404 = async (id: string) => {
    const a = await getAgency(db, id);
    if (!a) throw problems.notFound({ vi: 'cơ quan', en: 'Agency' });
    return a;
  };
  const sourceOr404 = async (id: string) => {
    const [s] = await db.select().from(inventorySources).where(eq(inventorySources.id, id));
    if (!s) throw problems.notFound({ vi: 'nguồn dữ liệu', en: 'Source' });
    return s;
  };

  app.get(
    '/api/inventory/agencies/:agencyId',
    {
      schema: {
        tags,
        summary: 'Hạ tầng của cơ quan — an agency’s inventory: its figures, its sources and their freshness',
        params: Type.Object({ agencyId: Uuid }),
        response: {
          200: Type.Object({
            agency: Type.Object({ id: Type.String(), name: Type.String(), level: Type.String(), code: Type.String() }),
            facts: Type.Union([Row, Type.Null()]),
            counts: Type.Record(Type.String(), Type.Integer()),
            sources: Type.Array(SourceView),
          }),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (req) => {
      const a = await agencyOr404(req.params.agencyId);
      await requirePermission(req, 'inventory.view', { agencyId: a.id });
      const counts: Record<string, number> = {};
      for (const k of FACT_KINDS) {
        const t = FACT_TABLES[k];
        const [c] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(t)
          .where(and(eq(t.agencyId, a.id), eq(t.status, 'active')));
        counts[k] = c?.n ?? 0;
      }
      // Sources that hold facts of this agency: its own, and a province-wide tool (one Wazuh manager) that sent some.
      const held = await db.execute(sql`SELECT DISTINCT source_id FROM (
        SELECT source_id FROM inventory_devices WHERE agency_id = ${a.id} UNION SELECT source_id FROM inventory_systems WHERE agency_id = ${a.id}
        UNION SELECT source_id FROM inventory_networks WHERE agency_id = ${a.id} UNION SELECT source_id FROM inventory_applications WHERE agency_id = ${a.id}
        UNION SELECT source_id FROM inventory_databases WHERE agency_id = ${a.id}) s`);
      const ids = (held as unknown as { rows: { source_id: string }[] }).rows.map((r) => r.source_id);
      const sources = await db
        .select()
        .from(inventorySources)
        .where(
          ids.length
            ? or(eq(inventorySources.agencyId, a.id), inArray(inventorySources.id, ids))
            : eq(inventorySources.agencyId, a.id),
        )
        .orderBy(asc(inventorySources.name));
      const facts = await agencyFacts(db, a.id);
      return {
        agency: { id: a.id, name: a.name, level: a.level, code: a.code },
        facts: facts ? plain(facts) : null,
        counts,
        sources: sources.map(sourceView),
      };
    },
  );

  app.get(
    '/api/inventory/agencies/:agencyId/:kind',
    {
      schema: {
        tags,
        summary:
          'Danh sách thiết bị, mạng, hệ thống, ứng dụng, CSDL — an agency’s facts of one kind, each with its source and time',
        params: Type.Object({ agencyId: Uuid, kind: StringEnum(FACT_KINDS as [FactKind, ...FactKind[]]) }),
        querystring: Type.Object({
          status: Type.Optional(StringEnum(['active', 'gone', 'all'] as const, { default: 'active' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
        }),
        response: {
          200: Type.Object({ total: Type.Integer(), items: Type.Array(Row) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const a = await agencyOr404(req.params.agencyId);
      await requirePermission(req, 'inventory.view', { agencyId: a.id });
      const t = FACT_TABLES[req.params.kind];
      const status = req.query.status ?? 'active';
      const where = and(eq(t.agencyId, a.id), status === 'all' ? undefined : eq(t.status, status));
      const [c] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(t)
        .where(where);
      const rows = await db
        .select({ row: t, sourceName: inventorySources.name, sourceKind: inventorySources.kind })
        .from(t)
        .innerJoin(inventorySources, eq(inventorySources.id, t.sourceId))
        .where(where)
        .orderBy(asc(t.status), asc(t.externalId))
        .limit(req.query.limit ?? 200)
        .offset(req.query.offset ?? 0);
      return {
        total: c?.n ?? 0,
        items: rows.map((r) => plain({ ...r.row, sourceName: r.sourceName, sourceKind: r.sourceKind })),
      };
    },
  );

  app.get(
    '/api/inventory/facts',
    {
      schema: {
        tags,
        summary: 'Minh chứng — the rows behind one figure of inventory_agency_facts for an agency',
        querystring: Type.Object({ agencyId: Uuid, fact: StringEnum(FACT_COLUMNS) }),
        response: {
          200: Type.Object({
            agencyId: Type.String(),
            fact: Type.String(),
            value: Type.Unknown(),
            rows: Type.Array(
              Type.Object({
                kind: Type.String(),
                id: Type.String(),
                label: Type.String(),
                detail: Type.Union([Type.String(), Type.Null()]),
                source: Type.Union([
                  Type.Object({ id: Type.String(), kind: Type.String(), name: Type.String() }),
                  Type.Null(),
                ]),
                updatedAt: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const a = await agencyOr404(req.query.agencyId);
      await requirePermission(req, 'inventory.view', { agencyId: a.id });
      const facts = await agencyFacts(db, a.id);
      return {
        agencyId: a.id,
        fact: req.query.fact,
        value: facts?.[req.query.fact] ?? null,
        rows: await evidence(db, a.id, req.query.fact),
      };
    },
  );

  app.get(
    '/api/inventory/province',
    {
      schema: {
        tags,
        summary: 'Toàn tỉnh — every agency’s figures, for the Department of Science and Technology',
        response: { 200: Type.Object({ items: Type.Array(Row), totals: Row }), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      await requirePermission(req, 'inventory.view', PROVINCE);
      const items = (await provinceFacts(db)).map(plain);
      const sum = (k: string) => items.reduce((n, r) => n + Number(r[k] ?? 0), 0);
      const count = (k: string) => items.filter((r) => r[k] === true).length;
      const totals = {
        agencies: items.length,
        staff: sum('staff_count'),
        computers: sum('computers_total'),
        systems: sum('systems_total'),
        systemsIpv6: sum('systems_ipv6'),
        systemsApproved: sum('systems_level_approved'),
        endpoints: sum('endpoints_total'),
        endpointsAntimalware: sum('endpoints_antimalware'),
        onWan: count('on_wan'),
        onDedicated: count('on_dedicated_network'),
      };
      return { items, totals };
    },
  );

  app.get(
    '/api/inventory/approvals',
    {
      schema: {
        tags,
        summary:
          'Phê duyệt cấp độ — systems whose security-level approval (NĐ 85/2016) is missing, or whose review is due',
        querystring: Type.Object({ agencyId: Type.Optional(Uuid) }),
        response: { 200: Type.Object({ items: Type.Array(Row) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => {
      const { coverage } = await requireCoverage(req, 'inventory.view');
      const s = inventorySystems;
      const today = todayVn();
      const soon = new Date(Date.parse(today) + REVIEW_DUE_DAYS * 86_400_000).toISOString().slice(0, 10);
      const rows = await db
        .select({ s, agencyName: agencies.name, agencyUnit: agencies.unitId })
        .from(s)
        .innerJoin(agencies, eq(agencies.id, s.agencyId))
        .where(
          and(
            eq(s.status, 'active'),
            req.query.agencyId ? eq(s.agencyId, req.query.agencyId) : undefined,
            or(
              isNull(s.securityLevel),
              and(isNull(s.approvalDocumentId), isNull(s.approvalNumber)),
              lte(s.reviewDate, soon),
            ),
          ),
        )
        .orderBy(asc(agencies.name), asc(s.name));
      const items = rows
        .filter((r) => coverageReaches(coverage, { agencyId: r.s.agencyId, unitId: r.agencyUnit }))
        .map((r) => {
          const approved = Boolean(r.s.approvalDocumentId || r.s.approvalNumber);
          const problem =
            r.s.securityLevel === null
              ? 'no-level'
              : !approved
                ? 'approval-missing'
                : r.s.reviewDate && r.s.reviewDate < today
                  ? 'review-overdue'
                  : 'review-due';
          return { ...plain(r.s), agencyName: r.agencyName, problem };
        });
      return { items };
    },
  );

  app.get(
    '/api/inventory/sources',
    {
      schema: {
        tags,
        summary: 'Nguồn dữ liệu — the sources the caller may see (tools and spreadsheets) with their freshness',
        querystring: Type.Object({ agencyId: Type.Optional(Uuid) }),
        response: { 200: Type.Object({ items: Type.Array(SourceView) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => {
      const { coverage } = await requireCoverage(req, 'inventory.view');
      const rows = await db
        .select({ s: inventorySources, unitId: agencies.unitId })
        .from(inventorySources)
        .innerJoin(agencies, eq(agencies.id, inventorySources.agencyId))
        .where(req.query.agencyId ? eq(inventorySources.agencyId, req.query.agencyId) : undefined)
        .orderBy(asc(inventorySources.name));
      return {
        items: rows
          .filter((r) => coverageReaches(coverage, { agencyId: r.s.agencyId, unitId: r.unitId }))
          .map((r) => sourceView(r.s)),
      };
    },
  );

  app.post(
    '/api/inventory/sources',
    {
      schema: {
        tags,
        summary: 'Thêm nguồn — connect an agency’s GLPI or a Wazuh manager (tokens are kept, never shown again)',
        body: Type.Object(
          {
            agencyId: Uuid,
            kind: StringEnum(['glpi', 'wazuh'] as const),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            baseUrl: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }),
            settings: Type.Optional(
              Type.Object(
                {
                  appToken: Type.Optional(Type.String({ maxLength: 200 })),
                  userToken: Type.Optional(Type.String({ maxLength: 200 })),
                  username: Type.Optional(Type.String({ maxLength: 200 })),
                  password: Type.Optional(Type.String({ maxLength: 200 })),
                  entities: Type.Optional(
                    Type.Record(Type.String({ maxLength: 500 }), Type.String({ maxLength: 100 })),
                  ),
                  groups: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 100 }))),
                  computersOnInternet: Type.Optional(Type.Boolean()),
                  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
                  antimalwarePattern: Type.Optional(Type.String({ maxLength: 500 })),
                },
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: SourceView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const a = await agencyOr404(req.body.agencyId);
      await requirePermission(req, 'inventory.manage', { agencyId: a.id });
      if (req.body.settings?.antimalwarePattern) {
        try {
          new RegExp(req.body.settings.antimalwarePattern, 'i');
        } catch {
          throw problems.badRequest(
            {
              vi: 'Mẫu nhận diện phần mềm chống mã độc không hợp lệ.',
              en: 'The anti-malware pattern is not a valid expression.',
            },
            { code: 'bad-pattern' },
          );
        }
      }
      const s = await transact(req, async (tx, audit) => {
        const [made] = await tx
          .insert(inventorySources)
          .values({
            agencyId: a.id,
            kind: req.body.kind,
            name: req.body.name,
            baseUrl: req.body.baseUrl,
            settings: sealSettings(req.body.settings ?? {}),
          })
          .returning();
        await audit({
          action: 'inventory.source-create',
          targetType: 'inventory_source',
          targetId: made!.id,
          details: { kind: made!.kind, name: made!.name, baseUrl: made!.baseUrl },
        });
        return made!;
      });
      return reply.code(201).send(sourceView(s));
    },
  );

  app.post(
    '/api/inventory/sources/:id/run',
    {
      schema: {
        tags,
        summary: 'Đồng bộ ngay — pull a GLPI or Wazuh source now; a failed run changes nothing and says why',
        params: Type.Object({ id: Uuid }),
        response: { 200: RunView, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (req) => {
      const s = await sourceOr404(req.params.id);
      const p = await requirePermission(req, 'inventory.import', { agencyId: s.agencyId });
      if (s.kind !== 'glpi' && s.kind !== 'wazuh')
        throw problems.conflict(
          { vi: 'Nguồn này được nhập bằng tệp.', en: 'This source is fed by file uploads.' },
          { code: 'not-pullable' },
        );
      const run = await runSource(db, s, {
        actor: { id: p.accountId, label: p.username, requestId: req.id },
        log: req.log,
      });
      req.audited = true; // the run wrote its audit row in its own transaction
      return runView(run);
    },
  );

  app.get(
    '/api/inventory/sources/:id/imports',
    {
      schema: {
        tags,
        summary: 'Lịch sử nhập — a source’s runs, newest first, with their counts and reports',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ items: Type.Array(RunView) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => {
      const s = await sourceOr404(req.params.id);
      await requirePermission(req, 'inventory.view', { agencyId: s.agencyId });
      const rows = await db
        .select()
        .from(inventoryImports)
        .where(eq(inventoryImports.sourceId, s.id))
        .orderBy(desc(inventoryImports.startedAt))
        .limit(50);
      return { items: rows.map(runView) };
    },
  );

  app.post(
    '/api/inventory/agencies/:agencyId/imports/:kind',
    {
      schema: {
        tags,
        summary:
          'Nhập từ bảng tính — upload an agency’s full list of one kind as CSV or XLSX; any bad row imports nothing',
        description:
          'Body: `text/csv` (UTF-8, `,` or `;`) or an XLSX workbook (first sheet). The first row names the columns (see docs/inventory.md). ' +
          'A rejected file answers 422 with the report rows in `report`.',
        params: Type.Object({ agencyId: Uuid, kind: StringEnum(FACT_KINDS as [FactKind, ...FactKind[]]) }),
        body: {
          content: {
            'text/csv': { schema: { description: 'CSV (binary-safe)' } },
            [XLSX]: { schema: { description: 'XLSX workbook (binary)' } },
          },
        } as never,
        response: { 200: RunView, ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    async (req) => {
      const a = await agencyOr404(req.params.agencyId);
      const p = await requirePermission(req, 'inventory.import', { agencyId: a.id });
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!Buffer.isBuffer(req.body) || (type !== XLSX && type !== 'text/csv' && type !== 'application/csv'))
        throw problems.unsupported({ vi: 'Hãy gửi tệp CSV hoặc XLSX.', en: 'Send a CSV or XLSX file.' });
      const bytes = req.body;
      const format = type === XLSX ? 'xlsx' : 'csv';
      const source = await spreadsheetSource(db, a.id);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const run = await runImport(
        db,
        source,
        async () => {
          const rows = await readRows(bytes, format);
          return harvestRows(await adapterContext(db, source), req.params.kind, rows);
        },
        { actor: { id: p.accountId, label: p.username, requestId: req.id }, fileSha256: sha256, log: req.log },
      );
      req.audited = true;
      if (run.status !== 'succeeded')
        throw problems.unprocessable(
          {
            vi: run.reason?.split(' — ')[0] ?? 'Không nhập được tệp.',
            en: run.reason?.split(' — ')[1] ?? 'The file was not imported.',
          },
          {
            code: run.status === 'rejected' ? 'import-rejected' : 'import-unreadable',
            extra: { importId: run.id, report: run.report },
          },
        );
      return runView(run);
    },
  );

  app.post(
    '/api/inventory/systems/:id/ipv6-check',
    {
      schema: {
        tags,
        summary:
          'Kiểm tra IPv6 — the platform checks a system’s public address: AAAA records and an HTTP request over IPv6',
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({ id: Type.String(), ipv6Status: Type.String(), checkedAt: Type.String(), check: Row }),
          ...errorResponses(401, 403, 404, 409),
        },
      },
    },
    async (req) => {
      const [sys] = await db.select().from(inventorySystems).where(eq(inventorySystems.id, req.params.id));
      if (!sys) throw problems.notFound({ vi: 'hệ thống thông tin', en: 'Information system' });
      await requirePermission(req, 'inventory.manage', { agencyId: sys.agencyId });
      if (!sys.publicUrl)
        throw problems.conflict(
          { vi: 'Hệ thống chưa có địa chỉ công khai để kiểm tra.', en: 'The system has no public address to check.' },
          { code: 'no-public-url' },
        );
      const { status, result } = await checkIpv6(sys.publicUrl);
      const checkedAt = new Date();
      await transact(req, async (tx, audit) => {
        // The check is the platform's own fact: it does not change the fingerprint of what the source sent.
        await tx
          .update(inventorySystems)
          .set({ ipv6Status: status, ipv6CheckedAt: checkedAt, ipv6Check: result })
          .where(eq(inventorySystems.id, sys.id));
        await audit({
          action: 'inventory.ipv6-check',
          targetType: 'inventory_system',
          targetId: sys.id,
          details: { status, reason: result.reason },
        });
      });
      return {
        id: sys.id,
        ipv6Status: status,
        checkedAt: checkedAt.toISOString(),
        check: result as unknown as Record<string, unknown>,
      };
    },
  );
}
