/**
 * CKAN's dictionaries (package, resource, organization, group, tag) as CKAN 2.10 returns them from its Action API,
 * so that ckanapi, harvesters and ckanext-dcat consumers read ours without knowing the difference.
 * Vietnamese is the primary language; the English title and notes travel as extras (title_en, notes_en).
 */
import type { Agency } from '../../directory/index.js';
import { orgName, type DatasetBundle } from '../catalog.js';
import type { Group, Licence, Resource, ResourceVersion } from '../schema.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().replace('Z', '') : null);

/** Where a stored resource is downloaded (and counted). */
export const downloadUrl = (publicUrl: string, r: Pick<Resource, 'id'>) =>
  `${publicUrl}/api/opendata/resources/${r.id}/download`;

export function organizationDict(a: Agency, extra: { packageCount?: number } = {}) {
  return {
    id: a.id,
    name: orgName(a.code),
    title: a.name,
    display_name: a.name,
    description: a.shortName ?? '',
    type: 'organization',
    is_organization: true,
    state: a.active ? 'active' : 'deleted',
    approval_status: 'approved',
    image_url: '',
    image_display_url: '',
    created: iso(a.createdAt),
    ...(extra.packageCount !== undefined ? { package_count: extra.packageCount } : {}),
    extras: [{ key: 'electronic_identifier', value: a.code }],
  };
}

export function groupDict(g: Group, extra: { packageCount?: number } = {}) {
  return {
    id: g.id,
    name: g.name,
    title: g.titleVi,
    display_name: g.titleVi,
    description: g.descriptionVi ?? '',
    type: 'group',
    is_organization: false,
    state: 'active',
    approval_status: 'approved',
    image_url: '',
    image_display_url: '',
    created: iso(g.createdAt),
    ...(extra.packageCount !== undefined ? { package_count: extra.packageCount } : {}),
    extras: [{ key: 'title_en', value: g.titleEn }],
  };
}

export function resourceDict(publicUrl: string, r: Resource & { latest: ResourceVersion | null }) {
  return {
    id: r.id,
    package_id: r.datasetId,
    name: r.name,
    description: r.description,
    format: r.format,
    url: r.url ?? downloadUrl(publicUrl, r),
    url_type: r.url ? null : 'upload',
    mimetype: r.latest?.mimetype ?? null,
    size: r.latest?.size ?? null,
    hash: r.latest ? `sha256:${r.latest.sha256}` : '',
    version: r.latest?.version ?? null,
    created: iso(r.createdAt),
    last_modified: iso(r.latest?.createdAt ?? r.modifiedAt),
    metadata_modified: iso(r.modifiedAt),
    datastore_active: r.datastoreActive,
    position: r.position,
    state: 'active',
    downloads: r.downloads,
    cache_url: null,
    resource_type: null,
  };
}

export const tagDict = (name: string) => ({ id: name, name, display_name: name, state: 'active', vocabulary_id: null });

export function licenceFields(l: Licence | null) {
  return { license_id: l?.id ?? null, license_title: l?.titleVi ?? null, license_url: l?.url ?? null };
}

const STATE: Record<string, string> = { published: 'active', draft: 'draft', in_review: 'draft', withdrawn: 'deleted' };

export function packageDict(publicUrl: string, b: DatasetBundle) {
  const d = b.dataset;
  const extras: { key: string; value: string }[] = [
    { key: 'title_en', value: d.titleEn },
    { key: 'notes_en', value: d.notesEn },
    { key: 'frequency', value: d.frequency },
    { key: 'workflow_state', value: d.state },
  ];
  if (d.temporalStart) extras.push({ key: 'temporal_start', value: d.temporalStart });
  if (d.temporalEnd) extras.push({ key: 'temporal_end', value: d.temporalEnd });
  if (d.spatialUnits.length) extras.push({ key: 'spatial_units', value: d.spatialUnits.join(',') });
  if (d.systemKey) extras.push({ key: 'generated_by', value: 'tinhso' });
  const resources = b.resources.map((r) => resourceDict(publicUrl, r));
  return {
    id: d.id,
    name: d.name,
    title: d.titleVi,
    notes: d.notesVi,
    type: 'dataset',
    state: STATE[d.state] ?? 'draft',
    private: d.private,
    author: b.agency.name,
    author_email: null,
    maintainer: b.agency.name,
    maintainer_email: null,
    ...licenceFields(b.licence),
    isopen: Boolean(b.licence),
    url: `${publicUrl}/opendata/datasets/${d.name}`,
    version: null,
    owner_org: d.agencyId,
    organization: organizationDict(b.agency),
    creator_user_id: d.createdBy,
    metadata_created: iso(d.createdAt),
    metadata_modified: iso(d.modifiedAt),
    num_resources: resources.length,
    num_tags: d.tags.length,
    resources,
    tags: d.tags.map(tagDict),
    groups: b.groups.map((g) => groupDict(g)),
    extras,
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}
export type PackageDict = ReturnType<typeof packageDict>;
