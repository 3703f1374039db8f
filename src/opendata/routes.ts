/**
 * The portal's own API under /api/opendata (problem+json): the publishing workflow, downloads (counted), resource
 * versions, an agency's dashboard of its datasets and their freshness, licences and themes for the forms.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { stringify } from 'csv-stringify/sync';
import {
  errorResponses,
  problems,
  requireCoverage,
  requirePermission,
  transact,
  type App,
  StringEnum,
} from '../platform/index.js';
import { canSee, datasetByIdOrName, listGroups, listLicences, resourceById, resourceVersions } from './catalog.js';
import { DATASET_ACTIONS, datasetActions, performAction, type DatasetAction } from './datasets.js';
import { allRows, datastoreFields } from './datastore.js';
import { latestVersion, versionBytes } from './resources.js';
import { viewerOf } from './ckan/read-actions.js';
import { opendataDatasets, opendataResources, type Dataset, type Frequency } from './schema.js';

const tags = ['opendata'];
const Id = Type.String({ minLength: 1, maxLength: 100 });

/** How long a dataset of each frequency may go without a change before it is overdue (days). */
const EXPECTED_DAYS: Record<Frequency, number | null> = {
  continuous: 2,
  daily: 2,
  weekly: 8,
  monthly: 32,
  quarterly: 93,
  annual: 366,
  irregular: null,
  never: null,
};

export function freshness(
  d: Pick<Dataset, 'frequency' | 'modifiedAt'>,
  now = new Date(),
): 'fresh' | 'overdue' | 'not-scheduled' {
  const days = EXPECTED_DAYS[d.frequency];
  if (days === null) return 'not-scheduled';
  return now.getTime() - new Date(d.modifiedAt).getTime() > days * 86_400_000 ? 'overdue' : 'fresh';
}

const ActionView = Type.Object({
  action: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});
const DashboardItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  title: Type.String(),
  state: Type.String(),
  private: Type.Boolean(),
  frequency: Type.String(),
  modifiedAt: Type.String(),
  freshness: Type.String(),
  resources: Type.Integer(),
  downloads: Type.Integer(),
  generated: Type.Boolean(),
});

export async function portalRoutes(app: App) {
  const db = app.ctx.db;
  const files = app.ctx.files;

  app.post(
    '/api/opendata/datasets/:id/actions/:action',
    {
      schema: {
        tags,
        summary:
          'Quy trình công bố — submit, approve (publish, after the privacy scan), return, withdraw, reopen a dataset',
        params: Type.Object({
          id: Id,
          action: StringEnum(Object.keys(DATASET_ACTIONS) as [DatasetAction, ...DatasetAction[]]),
        }),
        body: Type.Optional(
          Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        ),
        response: {
          200: Type.Object({ id: Type.String(), name: Type.String(), state: Type.String() }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (req) => {
      const action = req.params.action;
      const d = await datasetByIdOrName(db, req.params.id);
      if (!d) throw problems.notFound({ vi: 'bộ dữ liệu', en: 'Dataset' });
      await requirePermission(req, DATASET_ACTIONS[action].permission, { agencyId: d.agencyId });
      const row = await transact(req, async (tx, audit) => {
        const [locked] = await tx.select().from(opendataDatasets).where(eq(opendataDatasets.id, d.id)).for('update');
        const after = await performAction(tx, files, locked!, action, req.principal!.accountId, req.body?.note ?? null);
        await audit({
          action: `opendata.dataset.${action}`,
          targetType: 'opendata_dataset',
          targetId: d.id,
          details: { name: d.name, from: locked!.state, to: after.state },
        });
        return after;
      });
      return { id: row.id, name: row.name, state: row.state };
    },
  );

  app.get(
    '/api/opendata/datasets/:id/actions',
    {
      schema: {
        tags,
        summary: 'Lịch sử bộ dữ liệu — a dataset’s timeline',
        params: Type.Object({ id: Id }),
        response: { 200: Type.Array(ActionView), ...errorResponses(404) },
      },
    },
    async (req) => {
      const d = await datasetByIdOrName(db, req.params.id);
      if (!d || !canSee(await viewerOf(req), d)) throw problems.notFound({ vi: 'bộ dữ liệu', en: 'Dataset' });
      return (await datasetActions(db, d.id)).map((a) => ({
        action: a.action,
        actorId: a.actorId,
        note: a.note,
        at: a.at.toISOString(),
      }));
    },
  );

  /** A resource the caller may see, or 404 (an unpublished dataset's resource does not exist for the public). */
  const visibleResource = async (req: Parameters<typeof viewerOf>[0], id: string) => {
    const r = await resourceById(db, id);
    const d = r ? await datasetByIdOrName(db, r.datasetId) : null;
    if (!r || !d || !canSee(await viewerOf(req), d)) throw problems.notFound({ vi: 'tài nguyên', en: 'Resource' });
    return r;
  };

  app.get(
    '/api/opendata/resources/:id/download',
    {
      schema: {
        tags,
        summary:
          'Tải tài nguyên — download a resource (counted; preview=1 for the portal’s own preview, not counted); a link resource redirects',
        params: Type.Object({ id: Id }),
        querystring: Type.Object({ preview: Type.Optional(Type.Boolean()) }),
      },
    },
    async (req, reply) => {
      const r = await visibleResource(req, req.params.id);
      if (!req.query.preview)
        await db
          .update(opendataResources)
          .set({ downloads: sql`${opendataResources.downloads} + 1` })
          .where(eq(opendataResources.id, r.id));
      if (r.url) return reply.redirect(r.url, 302);
      const v = await latestVersion(db, r.id);
      const ext = r.format.toLowerCase();
      const disposition = (name: string) =>
        `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
      if (v) {
        const data = await versionBytes(db, files, v);
        return reply
          .header('content-type', v.mimetype)
          .header('etag', `"${v.sha256}"`)
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', disposition(`${r.name}.${ext}`))
          .send(data);
      }
      // A table pushed through datastore_create only: its rows as CSV.
      const fields = await datastoreFields(db, r.id);
      if (!fields.length) throw problems.notFound({ vi: 'nội dung tài nguyên', en: 'Resource content' });
      const rows = await allRows(db, r.id);
      const csv = stringify(
        rows.map((row) => fields.map((f) => row[f.name] ?? '')),
        { header: true, columns: fields.map((f) => f.name) },
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', disposition(`${r.name}.csv`))
        .send(csv);
    },
  );

  app.get(
    '/api/opendata/resources/:id/versions',
    {
      schema: {
        tags,
        summary: 'Các phiên bản — a resource’s versions with their checksums and dates',
        params: Type.Object({ id: Id }),
        response: {
          200: Type.Array(
            Type.Object({
              version: Type.Integer(),
              sha256: Type.String(),
              size: Type.Integer(),
              mimetype: Type.String(),
              createdAt: Type.String(),
            }),
          ),
          ...errorResponses(404),
        },
      },
    },
    async (req) => {
      const r = await visibleResource(req, req.params.id);
      return (await resourceVersions(db, r.id)).map((v) => ({
        version: v.version,
        sha256: v.sha256,
        size: v.size,
        mimetype: v.mimetype,
        createdAt: v.createdAt.toISOString(),
      }));
    },
  );

  app.get(
    '/api/opendata/dashboard',
    {
      schema: {
        tags,
        summary: 'Bảng theo dõi của cơ quan — the caller’s agencies’ datasets, their state and freshness',
        querystring: Type.Object({ agencyId: Type.Optional(Type.String({ format: 'uuid' })) }),
        response: { 200: Type.Object({ items: Type.Array(DashboardItem) }), ...errorResponses(401, 403) },
      },
    },
    async (req) => {
      const { coverage } = await requireCoverage(req, 'opendata.manage');
      if (req.query.agencyId) await requirePermission(req, 'opendata.manage', { agencyId: req.query.agencyId });
      const where = req.query.agencyId
        ? eq(opendataDatasets.agencyId, req.query.agencyId)
        : coverage.province
          ? sql`true`
          : inArray(
              opendataDatasets.agencyId,
              coverage.agencyIds.length ? coverage.agencyIds : ['00000000-0000-0000-0000-000000000000'],
            );
      const ds = await db
        .select()
        .from(opendataDatasets)
        .where(and(where, sql`${opendataDatasets.state} <> 'withdrawn'`))
        .orderBy(asc(opendataDatasets.name))
        .limit(2000);
      const counts = ds.length
        ? await db
            .select({
              datasetId: opendataResources.datasetId,
              n: sql<number>`count(*)::int`,
              downloads: sql<number>`coalesce(sum(${opendataResources.downloads}), 0)::int`,
            })
            .from(opendataResources)
            .where(
              inArray(
                opendataResources.datasetId,
                ds.map((d) => d.id),
              ),
            )
            .groupBy(opendataResources.datasetId)
        : [];
      const now = new Date();
      return {
        items: ds.map((d) => {
          const c = counts.find((x) => x.datasetId === d.id);
          return {
            id: d.id,
            name: d.name,
            title: d.titleVi,
            state: d.state,
            private: d.private,
            frequency: d.frequency,
            modifiedAt: d.modifiedAt.toISOString(),
            freshness: freshness(d, now),
            resources: Number(c?.n ?? 0),
            downloads: Number(c?.downloads ?? 0),
            generated: Boolean(d.systemKey),
          };
        }),
      };
    },
  );

  app.get('/api/opendata/licences', { schema: { tags, summary: 'Giấy phép dữ liệu mở — open licences' } }, async () =>
    (await listLicences(db)).map((l) => ({
      id: l.id,
      titleVi: l.titleVi,
      titleEn: l.titleEn,
      url: l.url,
      textVi: l.textVi,
    })),
  );
  app.get('/api/opendata/groups', { schema: { tags, summary: 'Nhóm dữ liệu — themes' } }, async () =>
    (await listGroups(db)).map((g) => ({ id: g.id, name: g.name, titleVi: g.titleVi, titleEn: g.titleEn })),
  );
}
