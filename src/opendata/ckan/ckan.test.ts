/**
 * What a CKAN harvester does against the demo catalog (package_search paged to the end, package_show of each,
 * datastore_search with filters) succeeds in CKAN's shapes; bad input answers in CKAN's error form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testServer, type TestServer } from '../../platform/testing/index.js';
import { listAgencies } from '../../directory/index.js';
import { orgName } from '../catalog.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => {
  await s?.close();
});

interface Envelope<T = unknown> {
  help: string;
  success: boolean;
  result: T;
  error?: { __type: string; message: string } & Record<string, unknown>;
}
const get = async <T>(action: string, query = ''): Promise<{ r: LightMyRequestResponse; body: Envelope<T> }> => {
  const r = await s.anonymous.get(`/api/3/action/${action}${query ? `?${query}` : ''}`);
  return { r, body: r.json() as Envelope<T> };
};
const ok = async <T>(action: string, query = ''): Promise<T> => {
  const { r, body } = await get<T>(action, query);
  expect(r.statusCode, r.body).toBe(200);
  expect(body.success).toBe(true);
  expect(body.help).toContain(`help_show?name=${action}`);
  return body.result;
};
const failure = async (action: string, query: string, status: number, type: string) => {
  const { r, body } = await get(action, query);
  expect(r.statusCode, r.body).toBe(status);
  expect(body.success).toBe(false);
  expect(body.error?.__type).toBe(type);
  expect(typeof body.error?.message).toBe('string');
  return body.error!;
};

interface Pkg {
  id: string;
  name: string;
  title: string;
  state: string;
  private: boolean;
  owner_org: string;
  organization: { id: string; name: string; title: string };
  resources: {
    id: string;
    url: string;
    format: string;
    datastore_active: boolean;
    hash: string;
    size: number | null;
  }[];
  tags: { name: string }[];
  groups: { name: string }[];
  license_id: string;
  metadata_modified: string;
}

describe('the harvester’s calls', () => {
  it('status_show answers like CKAN', async () => {
    const r = await ok<{ ckan_version: string; extensions: string[] }>('status_show');
    expect(r.ckan_version).toMatch(/^2\.\d+/);
    expect(r.extensions).toContain('datastore');
  });

  it('package_search paged to the end, then package_show of each, gives every dataset of package_list once', async () => {
    const names = await ok<string[]>('package_list');
    expect(names.length).toBeGreaterThan(20);
    const seen: Pkg[] = [];
    let count = -1;
    for (let start = 0; count < 0 || start < count; start += 7) {
      const page = await ok<{ count: number; results: Pkg[] }>('package_search', `rows=7&start=${start}&sort=name asc`);
      count = page.count;
      seen.push(...page.results);
      if (!page.results.length) break;
    }
    expect(count).toBe(names.length);
    expect(seen.map((p) => p.name)).toEqual([...names].sort());
    for (const p of seen.slice(0, 40)) {
      const full = await ok<Pkg>('package_show', `id=${p.name}`);
      expect(full).toMatchObject({
        id: p.id,
        name: p.name,
        state: 'active',
        private: false,
        owner_org: full.organization.id,
      });
      for (const res of full.resources) {
        expect(res.url).toMatch(/^http/);
        if (res.size !== null) expect(res.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
      }
    }
  });

  it('every agency of the demo province publishes at least one dataset', async () => {
    const agencies = (await listAgencies(s.database.db, { limit: 1000 })).items;
    const facets = await ok<{ facets: { organization: Record<string, number> } }>(
      'package_search',
      `rows=0&facet.field=["organization"]&facet.limit=1000`,
    );
    for (const a of agencies) expect(facets.facets.organization[orgName(a.code)], a.name).toBeGreaterThan(0);
  });

  it('facets come as CKAN gives them: facets {field: {value: n}} and search_facets {field: {title, items}}', async () => {
    const r = await ok<{
      facets: Record<string, Record<string, number>>;
      search_facets: Record<string, { title: string; items: { name: string; display_name: string; count: number }[] }>;
    }>(
      'package_search',
      `facet.field=${encodeURIComponent('["organization","groups","tags","res_format","license_id"]')}`,
    );
    expect(Object.keys(r.facets).sort()).toEqual(['groups', 'license_id', 'organization', 'res_format', 'tags']);
    expect(r.facets.res_format).toMatchObject({ CSV: expect.any(Number), GeoJSON: 1 });
    expect(r.search_facets.groups!.title).toBe('groups');
    expect(r.search_facets.groups!.items).toContainEqual({
      name: 'hanh-chinh-cong',
      display_name: 'Hành chính công',
      count: expect.any(Number),
    });
  });

  it('q ignores diacritics; fq narrows by field:value terms', async () => {
    const byWords = await ok<{ count: number; results: Pkg[] }>(
      'package_search',
      `q=${encodeURIComponent('phan anh hien truong')}`,
    );
    expect(byWords.results[0]?.name).toBe('phan-anh-hien-truong');
    const geo = await ok<{ count: number; results: Pkg[] }>(
      'package_search',
      `fq=${encodeURIComponent('res_format:GeoJSON')}`,
    );
    expect(geo.results.map((p) => p.name)).toEqual(['don-vi-hanh-chinh-va-co-quan']);
    const both = await ok<{ count: number; results: Pkg[] }>(
      'package_search',
      `fq=${encodeURIComponent('groups:hanh-chinh-cong AND tags:"thủ tục hành chính"')}&rows=100`,
    );
    expect(both.results.map((p) => p.name).sort()).toEqual(['danh-muc-thu-tuc-hanh-chinh', 'ho-so-thu-tuc-hanh-chinh']);
  });

  it('POST with a JSON body works as GET does', async () => {
    const r = await s.anonymous.post('/api/3/action/package_search', { q: 'thủ tục', rows: 2 });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as Envelope<{ results: Pkg[] }>).result.results).toHaveLength(2);
  });

  it('organizations, groups, tags, licences, resources', async () => {
    const orgs = await ok<{ name: string; package_count: number; title: string }[]>(
      'organization_list',
      'all_fields=true',
    );
    expect(orgs.every((o) => o.package_count >= 1)).toBe(true);
    const names = await ok<string[]>('organization_list');
    expect(names).toEqual(orgs.map((o) => o.name));
    const org = await ok<{ name: string; packages: Pkg[] }>(
      'organization_show',
      `id=${names[0]}&include_datasets=true`,
    );
    expect(org.packages.length).toBeGreaterThan(0);
    expect(await ok<string[]>('group_list')).toEqual(['dia-gioi-hanh-chinh', 'do-thi-moi-truong', 'hanh-chinh-cong']);
    expect(await ok<string[]>('tag_list')).toContain('thống kê');
    expect((await ok<{ id: string }[]>('license_list')).map((l) => l.id)).toEqual(
      expect.arrayContaining(['CC-BY-4.0', 'CC0-1.0', 'ODC-BY-1.0', 'VN-OGL-1.0']),
    );
    const pkg = await ok<Pkg>('package_show', 'id=don-vi-hanh-chinh-va-co-quan');
    const res = await ok<{ id: string; package_id: string }>('resource_show', `id=${pkg.resources[0]!.id}`);
    expect(res).toMatchObject({ id: pkg.resources[0]!.id, package_id: pkg.id });
  });
});

describe('datastore_search', () => {
  let resourceId: string;
  beforeAll(async () => {
    const pkg = await ok<Pkg>('package_show', 'id=don-vi-hanh-chinh-va-co-quan');
    resourceId = pkg.resources.find((r) => r.datastore_active)!.id;
  });

  it('answers total, typed fields, records and _links', async () => {
    const r = await ok<{
      total: number;
      fields: { id: string; type: string }[];
      records: Record<string, unknown>[];
      _links: { start: string; next: string };
    }>('datastore_search', `resource_id=${resourceId}&limit=5`);
    expect(r.fields[0]).toEqual({ id: '_id', type: 'int' });
    expect(r.fields.map((f) => f.id)).toEqual(['_id', 'code', 'name', 'type', 'level', 'parent_code']);
    expect(r.fields.find((f) => f.id === 'level')!.type).toBe('int');
    expect(r.records).toHaveLength(5);
    expect(r.total).toBeGreaterThan(5);
    expect(r._links.next).toContain('offset=5');
  });

  it('filters, fields, sort and q', async () => {
    const f = await ok<{ total: number; records: { code: string; name: string; level: number }[] }>(
      'datastore_search',
      `resource_id=${resourceId}&filters=${encodeURIComponent(JSON.stringify({ level: 1 }))}&fields=code,name`,
    );
    expect(f.total).toBe(1);
    expect(f.records).toEqual([{ code: '46', name: expect.any(String) }]);
    const sorted = await ok<{ records: { code: string }[] }>(
      'datastore_search',
      `resource_id=${resourceId}&sort=${encodeURIComponent('code desc')}&limit=3&fields=code`,
    );
    const codes = sorted.records.map((r) => r.code);
    expect(codes).toEqual([...codes].sort().reverse());
    const q = await ok<{ records: { name: string }[] }>(
      'datastore_search',
      `resource_id=${resourceId}&q=${encodeURIComponent('phu xuan')}`,
    );
    expect(q.records.some((r) => r.name.includes('Phú Xuân'))).toBe(true);
    const post = await s.anonymous.post('/api/3/action/datastore_search', {
      resource_id: resourceId,
      filters: { level: [1, 3] },
      limit: 1,
    });
    expect(post.statusCode, post.body).toBe(200);
  });

  it('bad input: unknown field, limit beyond the maximum, malformed sort or JSON, unknown resource', async () => {
    const e = await failure(
      'datastore_search',
      `resource_id=${resourceId}&filters=${encodeURIComponent('{"nope":1}')}`,
      409,
      'Validation Error',
    );
    expect(e.message).toContain('nope');
    await failure('datastore_search', `resource_id=${resourceId}&limit=32001`, 409, 'Validation Error');
    await failure(
      'datastore_search',
      `resource_id=${resourceId}&sort=${encodeURIComponent('code; drop table x')}`,
      409,
      'Validation Error',
    );
    await failure(
      'datastore_search',
      `resource_id=${resourceId}&filters=${encodeURIComponent('{level:')}`,
      409,
      'Validation Error',
    );
    await failure('datastore_search', `resource_id=${resourceId}&fields=code,secret`, 409, 'Validation Error');
    await failure('datastore_search', 'resource_id=00000000-0000-0000-0000-000000000000', 404, 'Not Found Error');
  });
});

describe('bad input on the catalog', () => {
  it('is answered in CKAN’s error form', async () => {
    await failure('package_show', 'id=khong-co', 404, 'Not Found Error');
    await failure('resource_show', 'id=khong-co', 404, 'Not Found Error');
    await failure('organization_show', 'id=khong-co', 404, 'Not Found Error');
    await failure('package_search', `fq=${encodeURIComponent('secret:1')}`, 409, 'Validation Error');
    await failure('package_search', `fq=${encodeURIComponent('tags:(a OR')}`, 409, 'Validation Error');
    await failure('package_search', `sort=${encodeURIComponent('name; drop')}`, 409, 'Validation Error');
    await failure('package_search', 'rows=1001', 409, 'Validation Error');
    await failure('package_search', `facet.field=${encodeURIComponent('["creator"]')}`, 409, 'Validation Error');
    await failure('package_show', '', 409, 'Validation Error');
    await failure('no_such_action', '', 400, 'Bad Request');
    await failure('package_create', '', 400, 'Bad Request');
  });
});
