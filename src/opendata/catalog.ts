/**
 * The catalog (danh mục dữ liệu mở): datasets, their resources and the lookups every view needs (the owner
 * agency as a CKAN organisation, licences, themes). Visibility is decided here once: a published, public dataset
 * is anyone's; a private one or one not yet published only its agency's staff see.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { agencies, type Agency } from '../directory/index.js';
import type { Coverage, Executor } from '../platform/index.js';
import {
  opendataDatasets,
  opendataGroups,
  opendataLicences,
  opendataResources,
  opendataResourceVersions,
  type Dataset,
  type Group,
  type Licence,
  type Resource,
  type ResourceVersion,
} from './schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): boolean => typeof s === 'string' && UUID.test(s);

/** An agency's CKAN organisation name: its electronic identifier as a slug (000.00.41.H57 → 000-00-41-h57). */
export const orgName = (code: string) => code.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
export const orgNameSql = sql`lower(regexp_replace(${agencies.code}, '[^A-Za-z0-9_-]+', '-', 'g'))`;

/** Who may see what: anonymous callers see published public datasets; staff also their agencies' others. */
export interface Viewer {
  coverage: Coverage | null;
  includePrivate: boolean;
  includeDrafts: boolean;
}
export const PUBLIC_VIEWER: Viewer = { coverage: null, includePrivate: false, includeDrafts: false };

export function ownsDataset(v: Viewer, agencyId: string): boolean {
  const c = v.coverage;
  return Boolean(c && (c.province || c.agencyIds.includes(agencyId)));
}

/** May this viewer see this dataset at all (package_show)? The owner sees everything of his; others the published public ones. */
export function canSee(v: Viewer, d: Pick<Dataset, 'state' | 'private' | 'agencyId'>): boolean {
  if (d.state === 'published' && !d.private) return true;
  return ownsDataset(v, d.agencyId);
}

/** The SQL condition of what a viewer may list (package_search, package_list). */
export function visibleSql(v: Viewer) {
  const open = sql`(${opendataDatasets.state} = 'published' AND NOT ${opendataDatasets.private})`;
  const c = v.coverage;
  if (!c || (!v.includePrivate && !v.includeDrafts)) return open;
  const mine = c.province
    ? sql`true`
    : c.agencyIds.length
      ? inArray(opendataDatasets.agencyId, c.agencyIds)
      : sql`false`;
  const states = v.includeDrafts
    ? sql`${opendataDatasets.state} <> 'withdrawn'`
    : sql`${opendataDatasets.state} = 'published'`;
  const priv = v.includePrivate ? sql`true` : sql`NOT ${opendataDatasets.private}`;
  return sql`(${open} OR (${mine} AND ${states} AND ${priv}))`;
}

export async function datasetByIdOrName(ex: Executor, idOrName: string): Promise<Dataset | null> {
  const where = isUuid(idOrName) ? eq(opendataDatasets.id, idOrName) : eq(opendataDatasets.name, idOrName);
  const [d] = await ex.select().from(opendataDatasets).where(where);
  return d ?? null;
}

export async function resourceById(ex: Executor, id: string): Promise<Resource | null> {
  if (!isUuid(id)) return null;
  const [r] = await ex.select().from(opendataResources).where(eq(opendataResources.id, id));
  return r ?? null;
}

/** Everything a dataset's CKAN dictionary needs, loaded for many datasets at once (a page of search results). */
export interface DatasetBundle {
  dataset: Dataset;
  agency: Agency;
  licence: Licence | null;
  groups: Group[];
  resources: (Resource & { latest: ResourceVersion | null })[];
}

export async function loadBundles(ex: Executor, ds: Dataset[]): Promise<DatasetBundle[]> {
  if (!ds.length) return [];
  const ids = ds.map((d) => d.id);
  const [agencyRows, licences, groups, resources, versions] = await Promise.all([
    ex
      .select()
      .from(agencies)
      .where(inArray(agencies.id, [...new Set(ds.map((d) => d.agencyId))])),
    ex.select().from(opendataLicences),
    ex.select().from(opendataGroups),
    ex
      .select()
      .from(opendataResources)
      .where(inArray(opendataResources.datasetId, ids))
      .orderBy(asc(opendataResources.position), asc(opendataResources.createdAt)),
    ex
      .select()
      .from(opendataResourceVersions)
      .where(
        sql`(${opendataResourceVersions.resourceId}, ${opendataResourceVersions.version}) IN (SELECT v.resource_id, max(v.version) FROM opendata_resource_versions v
             JOIN opendata_resources r ON r.id = v.resource_id WHERE r.dataset_id IN ${ids} GROUP BY v.resource_id)`,
      ),
  ]);
  const agencyById = new Map(agencyRows.map((a) => [a.id, a]));
  const latest = new Map(versions.map((v) => [v.resourceId, v]));
  return ds.map((d) => ({
    dataset: d,
    agency: agencyById.get(d.agencyId)!,
    licence: licences.find((l) => l.id === d.licenceId) ?? null,
    groups: groups.filter((g) => d.groups.includes(g.name)),
    resources: resources.filter((r) => r.datasetId === d.id).map((r) => ({ ...r, latest: latest.get(r.id) ?? null })),
  }));
}

export async function listLicences(ex: Executor): Promise<Licence[]> {
  return ex.select().from(opendataLicences).orderBy(asc(opendataLicences.position), asc(opendataLicences.id));
}

export async function listGroups(ex: Executor): Promise<Group[]> {
  return ex.select().from(opendataGroups).orderBy(asc(opendataGroups.name));
}

/** An organisation (an agency) by its id or CKAN name. */
export async function agencyByOrg(ex: Executor, idOrName: string): Promise<Agency | null> {
  const where = isUuid(idOrName) ? eq(agencies.id, idOrName) : sql`${orgNameSql} = ${idOrName.toLowerCase()}`;
  const [a] = await ex.select().from(agencies).where(where);
  return a ?? null;
}

export async function resourceVersions(ex: Executor, resourceId: string): Promise<ResourceVersion[]> {
  return ex
    .select()
    .from(opendataResourceVersions)
    .where(eq(opendataResourceVersions.resourceId, resourceId))
    .orderBy(asc(opendataResourceVersions.version));
}
