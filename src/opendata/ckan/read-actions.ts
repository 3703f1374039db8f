/** CKAN's read actions over the catalog and the DataStore. Each answers what CKAN 2.10 answers, in CKAN's shapes. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { agencies } from '../../directory/index.js';
import { coverageOf, queryRows, type Db } from '../../platform/index.js';
import {
  agencyByOrg,
  canSee,
  datasetByIdOrName,
  listGroups,
  listLicences,
  loadBundles,
  orgNameSql,
  resourceById,
  visibleSql,
  type Viewer,
} from '../catalog.js';
import { datastoreFields, intParam, searchDatastore } from '../datastore.js';
import { opendataDatasets, opendataGroups } from '../schema.js';
import { searchPackages } from '../search.js';
import { CkanError, notFound, validation } from './envelope.js';
import { groupDict, organizationDict, packageDict, tagDict } from './shapes.js';

export interface ActionContext {
  req: FastifyRequest;
  db: Db;
  params: Record<string, unknown>;
  publicUrl: string;
}
export type ActionFn = (c: ActionContext) => Promise<unknown>;

const flag = (v: unknown) => v === true || v === 'true' || v === 'True' || v === '1';

/** The caller as a viewer: his agencies' datasets besides the public ones, when he asks for them. */
export async function viewerOf(
  req: FastifyRequest,
  opts: { includePrivate?: boolean; includeDrafts?: boolean } = {},
): Promise<Viewer> {
  const coverage = req.principal ? await coverageOf(req.principal, 'opendata.manage', req.server.ctx.scopes) : null;
  return { coverage, includePrivate: Boolean(opts.includePrivate), includeDrafts: Boolean(opts.includeDrafts) };
}

const required = (params: Record<string, unknown>, key: string): string => {
  const v = params[key];
  if (typeof v !== 'string' || !v.trim()) throw validation(key, 'Missing value');
  return v.trim();
};

export async function showPackage(c: ActionContext, id: string) {
  const d = await datasetByIdOrName(c.db, id);
  if (!d) throw notFound('Dataset');
  const viewer = await viewerOf(c.req);
  if (!canSee(viewer, d))
    throw new CkanError(403, 'Authorization Error', `User not authorized to read package ${d.id}`);
  const [b] = await loadBundles(c.db, [d]);
  return packageDict(c.publicUrl, b!);
}

/** The counts of visible datasets per agency or theme, for organization_list/group_list with all_fields. */
async function countsBy(db: Db, by: 'agency' | 'group'): Promise<Map<string, number>> {
  const open = visibleSql({ coverage: null, includePrivate: false, includeDrafts: false });
  const rows =
    by === 'agency'
      ? await db
          .select({ k: opendataDatasets.agencyId, n: sql<number>`count(*)::int` })
          .from(opendataDatasets)
          .where(open)
          .groupBy(opendataDatasets.agencyId)
      : await queryRows<{ k: string; n: number }>(
          db,
          sql`SELECT g AS k, count(*)::int AS n FROM ${opendataDatasets}, unnest(${opendataDatasets.groups}) g WHERE ${open} GROUP BY g`,
        );
  return new Map(rows.map((r) => [r.k, Number(r.n)]));
}

function listOptions(params: Record<string, unknown>) {
  return {
    allFields: flag(params.all_fields),
    limit: intParam(params.limit, 'limit', 1000, 1000),
    offset: intParam(params.offset, 'offset', 0, Number.MAX_SAFE_INTEGER),
  };
}

export const READ_ACTIONS: Record<string, ActionFn> = {
  status_show: async (c) => ({
    site_title: 'Tỉnh số — Cổng dữ liệu mở',
    site_description: 'Dữ liệu mở của tỉnh — open data of the province',
    site_url: c.publicUrl,
    ckan_version: '2.10.4',
    error_emails_to: null,
    locale_default: 'vi',
    extensions: ['datastore', 'dcat', 'tinhso'],
  }),

  help_show: async (c) => {
    const name = required(c.params, 'name');
    if (
      !READ_ACTIONS[name] &&
      !['package_create', 'package_update', 'package_patch', 'resource_create', 'datastore_create'].includes(name)
    )
      throw notFound('Action');
    return `${name}: CKAN 2.10 action, as documented at https://docs.ckan.org/en/2.10/api/ (Tỉnh số implements its parameters and answer shapes).`;
  },

  package_list: async (c) => {
    const limit = intParam(c.params.limit, 'limit', 1_000_000, 1_000_000);
    const offset = intParam(c.params.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const rows = await c.db
      .select({ name: opendataDatasets.name })
      .from(opendataDatasets)
      .where(visibleSql({ coverage: null, includePrivate: false, includeDrafts: false }))
      .orderBy(asc(opendataDatasets.name))
      .limit(limit)
      .offset(offset);
    return rows.map((r) => r.name);
  },

  package_show: async (c) =>
    showPackage(c, typeof c.params.id === 'string' ? c.params.id : required(c.params, 'name_or_id')),

  package_search: async (c) => {
    const viewer = await viewerOf(c.req, {
      includePrivate: flag(c.params.include_private),
      includeDrafts: flag(c.params.include_drafts),
    });
    const r = await searchPackages(c.db, viewer, c.params);
    const ds = r.ids.length
      ? await c.db.select().from(opendataDatasets).where(inArray(opendataDatasets.id, r.ids))
      : [];
    const bundles = await loadBundles(
      c.db,
      r.ids.map((id) => ds.find((d) => d.id === id)!),
    );
    // search_facets names each value for display: organisations and themes by their titles.
    const titles = new Map<string, string>();
    if (r.facets.organization) {
      const orgs = await c.db
        .select({ name: orgNameSql, title: agencies.name })
        .from(agencies)
        .where(
          inArray(orgNameSql, Object.keys(r.facets.organization).length ? Object.keys(r.facets.organization) : ['']),
        );
      for (const o of orgs) titles.set(`organization:${o.name}`, o.title);
    }
    if (r.facets.groups) for (const g of await listGroups(c.db)) titles.set(`groups:${g.name}`, g.titleVi);
    if (r.facets.license_id) for (const l of await listLicences(c.db)) titles.set(`license_id:${l.id}`, l.titleVi);
    const searchFacets = Object.fromEntries(
      Object.entries(r.facets).map(([f, values]) => [
        f,
        {
          title: f,
          items: Object.entries(values).map(([name, count]) => ({
            name,
            display_name: titles.get(`${f}:${name}`) ?? name,
            count,
          })),
        },
      ]),
    );
    return {
      count: r.count,
      sort: r.sort,
      facets: r.facets,
      search_facets: searchFacets,
      results: bundles.map((b) => packageDict(c.publicUrl, b)),
    };
  },

  organization_list: async (c) => {
    const o = listOptions(c.params);
    const only = Array.isArray(c.params.organizations) ? (c.params.organizations as string[]) : null;
    const counts = await countsBy(c.db, 'agency');
    const rows = await c.db.select().from(agencies).where(eq(agencies.active, true)).orderBy(asc(orgNameSql));
    const list = rows
      .filter((a) => !only || only.includes(organizationDict(a).name))
      .slice(o.offset, o.offset + o.limit);
    return o.allFields
      ? list.map((a) => organizationDict(a, { packageCount: counts.get(a.id) ?? 0 }))
      : list.map((a) => organizationDict(a).name);
  },

  organization_show: async (c) => {
    const a = await agencyByOrg(c.db, required(c.params, 'id'));
    if (!a) throw notFound('Organization');
    const counts = await countsBy(c.db, 'agency');
    const out: Record<string, unknown> = organizationDict(a, { packageCount: counts.get(a.id) ?? 0 });
    if (flag(c.params.include_datasets)) {
      const ds = await c.db
        .select()
        .from(opendataDatasets)
        .where(
          and(
            eq(opendataDatasets.agencyId, a.id),
            visibleSql({ coverage: null, includePrivate: false, includeDrafts: false }),
          ),
        )
        .orderBy(asc(opendataDatasets.name))
        .limit(1000);
      out.packages = (await loadBundles(c.db, ds)).map((b) => packageDict(c.publicUrl, b));
    }
    return out;
  },

  group_list: async (c) => {
    const o = listOptions(c.params);
    const counts = await countsBy(c.db, 'group');
    const list = (await listGroups(c.db)).slice(o.offset, o.offset + o.limit);
    return o.allFields
      ? list.map((g) => groupDict(g, { packageCount: counts.get(g.name) ?? 0 }))
      : list.map((g) => g.name);
  },

  group_show: async (c) => {
    const id = required(c.params, 'id');
    const [g] = await c.db.select().from(opendataGroups).where(eq(opendataGroups.name, id));
    if (!g) throw notFound('Group');
    return groupDict(g, { packageCount: (await countsBy(c.db, 'group')).get(g.name) ?? 0 });
  },

  tag_list: async (c) => {
    const q = typeof c.params.query === 'string' ? c.params.query : '';
    const rows = await queryRows<{ t: string }>(
      c.db,
      sql`SELECT DISTINCT t FROM ${opendataDatasets}, unnest(${opendataDatasets.tags}) t WHERE ${visibleSql({ coverage: null, includePrivate: false, includeDrafts: false })}
          AND (${q} = '' OR strpos(lower(f_unaccent(t)), lower(f_unaccent(${q}))) > 0) ORDER BY t`,
    );
    const names = rows.map((r) => r.t);
    return flag(c.params.all_fields) ? names.map(tagDict) : names;
  },

  license_list: async (c) =>
    (await listLicences(c.db)).map((l) => ({
      id: l.id,
      title: l.titleVi,
      title_en: l.titleEn,
      url: l.url,
      od_conformance: l.odConformance,
      osd_conformance: 'not reviewed',
      status: 'active',
      maintainer: '',
      family: '',
      is_generic: false,
    })),

  resource_show: async (c) => {
    const r = await resourceById(c.db, required(c.params, 'id'));
    if (!r) throw notFound('Resource');
    const pkg = await showPackage(c, r.datasetId);
    return pkg.resources.find((x) => x.id === r.id)!;
  },

  datastore_search: async (c) => {
    const id = required(c.params, 'resource_id');
    const r = await resourceById(c.db, id);
    const fields = r ? await datastoreFields(c.db, r.id) : [];
    if (!r || !fields.length) throw new CkanError(404, 'Not Found Error', `Resource "${id}" was not found.`);
    await showPackage(c, r.datasetId);
    const out = await searchDatastore(c.db, r.id, fields, c.params);
    const base = `/api/3/action/datastore_search?resource_id=${r.id}`;
    return {
      include_total: out.total !== undefined,
      resource_id: r.id,
      records_format: 'objects',
      total_was_estimated: false,
      ...out,
      _links: { start: base, next: `${base}&offset=${out.offset + out.limit}` },
    };
  },

  datastore_info: async (c) => {
    const id = required(c.params, 'id');
    const r = await resourceById(c.db, id);
    const fields = r ? await datastoreFields(c.db, r.id) : [];
    if (!r || !fields.length) throw new CkanError(404, 'Not Found Error', `Resource "${id}" was not found.`);
    await showPackage(c, r.datasetId);
    return {
      meta: {
        id: r.id,
        count: Number(
          (
            await queryRows<{ n: number }>(
              c.db,
              sql`SELECT count(*)::int AS n FROM opendata_datastore_rows WHERE resource_id = ${r.id}`,
            )
          )[0]?.n ?? 0,
        ),
      },
      fields: fields.map((f) => ({ id: f.name, type: f.type })),
    };
  },
};
