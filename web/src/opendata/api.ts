/** The open data portal reads the same CKAN Action API that harvesters use, so the page shows what they get. */
import { api, type Query } from '../api/client.js';

export interface CkanResource {
  id: string;
  name: string;
  description: string;
  format: string;
  url: string;
  url_type: string | null;
  size: number | null;
  hash: string;
  version: number | null;
  last_modified: string | null;
  datastore_active: boolean;
  downloads: number;
}

export interface CkanPackage {
  id: string;
  name: string;
  title: string;
  notes: string;
  state: string;
  private: boolean;
  license_id: string | null;
  license_title: string | null;
  license_url: string | null;
  organization: { id: string; name: string; title: string };
  metadata_created: string;
  metadata_modified: string;
  num_resources: number;
  resources: CkanResource[];
  tags: { name: string }[];
  groups: { name: string; title: string }[];
  extras: { key: string; value: string }[];
}

export interface FacetItem {
  name: string;
  display_name: string;
  count: number;
}

export interface SearchResult {
  count: number;
  results: CkanPackage[];
  search_facets: Record<string, { title: string; items: FacetItem[] }>;
}

export interface DatastoreResult {
  total: number;
  fields: { id: string; type: string; info?: { label?: string } }[];
  records: Record<string, string | number | boolean | null>[];
}

export const FACETS = ['organization', 'groups', 'res_format', 'license_id', 'tags'] as const;
export type Facet = (typeof FACETS)[number];

export const opendataKeys = {
  search: (q: Query) => ['opendata', 'search', q] as const,
  dataset: (name: string) => ['opendata', 'dataset', name] as const,
  datastore: (id: string, q: Query) => ['opendata', 'datastore', id, q] as const,
  geojson: (id: string) => ['opendata', 'geojson', id] as const,
  dashboard: ['opendata', 'dashboard'] as const,
};

/** One CKAN action by GET; its `result`. */
export async function ckan<T>(action: string, query: Query, signal?: AbortSignal): Promise<T> {
  return (await api<{ result: T }>(`/api/3/action/${action}`, { query, signal })).result;
}

export const extra = (p: CkanPackage, key: string) => p.extras.find((e) => e.key === key)?.value ?? '';
