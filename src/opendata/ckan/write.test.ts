/**
 * The write actions and the publishing workflow, judged on the dataset's agency both ways: the Department of
 * Justice's staff write its datasets with an API token, a sibling department's are refused; only a leader publishes,
 * only his own agency's; personal data planted in a draft stops the publishing.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { apiTokenOf, demoPlaces, staffWith } from '../../directory/test-fixtures.js';
import { agencyByKey } from '../../directory/index.js';
import { orgName } from '../catalog.js';

let s: TestServer;
let justiceToken: string;
let constructionToken: string;
let justiceLeader: Client;
let justiceSpecialist: Client;
let constructionLeader: Client;
let justiceOrg: string;
let constructionOrg: string;

beforeAll(async () => {
  s = await testServer({ config: { upload: { maxBytes: 64 * 1024, allowedTypes: ['application/pdf'] } } as never });
  const places = await demoPlaces(s);
  justiceOrg = orgName((await agencyByKey(s.database.db, 'STP'))!.code);
  justiceSpecialist = await s.login('chuyenvien');
  justiceLeader = await s.login('lanhdao');
  justiceToken = await apiTokenOf(justiceSpecialist);
  constructionLeader = await staffWith(s, [{ role: 'leader', scopeKind: 'agency', scopeId: places.construction }], {
    agencyId: places.construction,
  });
  const constructionStaff = await staffWith(
    s,
    [{ role: 'specialist', scopeKind: 'agency', scopeId: places.construction }],
    { agencyId: places.construction },
  );
  constructionToken = await apiTokenOf(constructionStaff);
  const r = await s.anonymous.get(`/api/3/action/organization_show?id=${places.construction}`);
  constructionOrg = (r.json() as { result: { name: string } }).result.name;
});
afterAll(async () => {
  await s?.close();
});

const ckan = (token: string, action: string, body: object) =>
  s.app.inject({ method: 'POST', url: `/api/3/action/${action}`, headers: { authorization: token }, payload: body });
const result = <T>(r: LightMyRequestResponse): T => {
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { result: T }).result;
};
const ckanError = (r: LightMyRequestResponse, status: number, type: string) => {
  expect(r.statusCode, r.body).toBe(status);
  expect((r.json() as { success: boolean; error: { __type: string } }).error.__type).toBe(type);
};
let serial = 0;
const pkg = (org: string, over: object = {}) => ({
  name: `bo-du-lieu-${process.pid}-${++serial}`,
  title: 'Danh sách điểm wifi công cộng',
  owner_org: org,
  license_id: 'CC-BY-4.0',
  tags: [{ name: 'wifi' }],
  groups: [{ name: 'do-thi-moi-truong' }],
  extras: [{ key: 'frequency', value: 'monthly' }],
  ...over,
});

function multipartBody(fields: Record<string, string>, file: { name: string; data: Buffer; type: string }) {
  const boundary = `----od${crypto.randomBytes(8).toString('hex')}`;
  const parts = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([...parts, head, file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
const upload = (token: string, fields: Record<string, string>, file: { name: string; data: Buffer; type: string }) => {
  const m = multipartBody(fields, file);
  return s.app.inject({
    method: 'POST',
    url: '/api/3/action/resource_create',
    headers: { ...m.headers, authorization: token },
    payload: m.payload,
  });
};

describe('package_create and package_update, scoped to the dataset’s agency', () => {
  it('the agency’s own token creates a draft; a sibling department’s token is refused; no token is refused', async () => {
    const created = result<{ name: string; state: string; organization: { name: string } }>(
      await ckan(justiceToken, 'package_create', pkg(justiceOrg)),
    );
    expect(created).toMatchObject({ state: 'draft', organization: { name: justiceOrg } });
    ckanError(await ckan(constructionToken, 'package_create', pkg(justiceOrg)), 403, 'Authorization Error');
    ckanError(await s.anonymous.post('/api/3/action/package_create', pkg(justiceOrg)), 403, 'Authorization Error');
    // A draft is not public: the anonymous harvester does not see it, its owner does.
    ckanError(await s.anonymous.get(`/api/3/action/package_show?id=${created.name}`), 403, 'Authorization Error');
    result(
      await s.app.inject({
        method: 'GET',
        url: `/api/3/action/package_show?id=${created.name}`,
        headers: { authorization: justiceToken },
      }),
    );
  });

  it('package_search shows drafts and private datasets to their agency with include_private/include_drafts, to no one else', async () => {
    const p = result<{ name: string }>(await ckan(justiceToken, 'package_create', pkg(justiceOrg, { private: true })));
    const search = (token: string | null) =>
      s.app.inject({
        method: 'GET',
        url: `/api/3/action/package_search?fq=${encodeURIComponent(`name:${p.name}`)}&include_private=true&include_drafts=true`,
        headers: token ? { authorization: token } : {},
      });
    expect(result<{ count: number }>(await search(justiceToken)).count).toBe(1);
    expect(result<{ count: number }>(await search(constructionToken)).count).toBe(0);
    expect(result<{ count: number }>(await search(null)).count).toBe(0);
  });

  it('package_update and package_patch by the owner; by a sibling, refused and nothing changes', async () => {
    const p = result<{ id: string; name: string }>(await ckan(justiceToken, 'package_create', pkg(justiceOrg)));
    ckanError(
      await ckan(constructionToken, 'package_patch', { id: p.id, title: 'Bị sửa' }),
      403,
      'Authorization Error',
    );
    ckanError(
      await ckan(constructionToken, 'package_update', { ...pkg(constructionOrg), id: p.id, name: p.name }),
      403,
      'Authorization Error',
    );
    const patched = result<{ title: string; tags: { name: string }[] }>(
      await ckan(justiceToken, 'package_patch', { id: p.id, title: 'Điểm wifi công cộng' }),
    );
    expect(patched).toMatchObject({ title: 'Điểm wifi công cộng', tags: [{ name: 'wifi' }] });
    // Moving a dataset to another agency needs a right there too.
    ckanError(
      await ckan(justiceToken, 'package_patch', { id: p.id, owner_org: constructionOrg }),
      403,
      'Authorization Error',
    );
  });

  it('bad input is a Validation Error that changes nothing', async () => {
    ckanError(
      await ckan(justiceToken, 'package_create', pkg(justiceOrg, { name: 'Tên Có Dấu' })),
      409,
      'Validation Error',
    );
    ckanError(
      await ckan(justiceToken, 'package_create', pkg(justiceOrg, { license_id: 'proprietary' })),
      409,
      'Validation Error',
    );
    ckanError(
      await ckan(justiceToken, 'package_create', pkg(justiceOrg, { groups: [{ name: 'khong-co' }] })),
      409,
      'Validation Error',
    );
    ckanError(await ckan(justiceToken, 'package_create', pkg('khong-co-co-quan')), 409, 'Validation Error');
    const dup = pkg(justiceOrg);
    result(await ckan(justiceToken, 'package_create', dup));
    const again = await ckan(justiceToken, 'package_create', dup);
    ckanError(again, 409, 'Validation Error');
    expect((again.json() as { error: { name: string[] } }).error.name).toEqual(['That URL is already in use.']);
  });
});

describe('resources', () => {
  it('a CSV upload is stored with its checksum, fills the DataStore, and gets a new version on the next upload', async () => {
    const p = result<{ id: string }>(await ckan(justiceToken, 'package_create', pkg(justiceOrg)));
    const csv = Buffer.from('ward,points\nPhú Xuân,12\nThuận Hóa,9\n');
    const r = result<{ id: string; hash: string; size: number; datastore_active: boolean; url: string }>(
      await upload(
        justiceToken,
        { package_id: p.id, name: 'Điểm wifi', format: 'CSV' },
        { name: 'wifi.csv', data: csv, type: 'text/csv' },
      ),
    );
    expect(r).toMatchObject({
      hash: `sha256:${crypto.createHash('sha256').update(csv).digest('hex')}`,
      size: csv.length,
      datastore_active: true,
    });
    const ds = result<{ total: number; fields: { id: string; type: string }[] }>(
      await s.app.inject({
        method: 'GET',
        url: `/api/3/action/datastore_search?resource_id=${r.id}`,
        headers: { authorization: justiceToken },
      }),
    );
    expect(ds.total).toBe(2);
    expect(ds.fields).toEqual([
      { id: '_id', type: 'int' },
      { id: 'ward', type: 'text' },
      { id: 'points', type: 'int' },
    ]);
    const versions = await justiceSpecialist.get(`/api/opendata/resources/${r.id}/versions`);
    expect(versions.json()).toEqual([expect.objectContaining({ version: 1, size: csv.length })]);
  });

  it('a file of the wrong type or over the size limit is refused; a link must be http(s)', async () => {
    const p = result<{ id: string }>(await ckan(justiceToken, 'package_create', pkg(justiceOrg)));
    ckanError(
      await upload(
        justiceToken,
        { package_id: p.id, format: 'CSV' },
        { name: 'x.csv', data: Buffer.from('%PDF-1.4\u0000binary'), type: 'text/csv' },
      ),
      409,
      'Validation Error',
    );
    ckanError(
      await upload(
        justiceToken,
        { package_id: p.id, format: 'GeoJSON' },
        { name: 'x.geojson', data: Buffer.from('{"type":"Point"}'), type: 'application/json' },
      ),
      409,
      'Validation Error',
    );
    ckanError(
      await upload(
        justiceToken,
        { package_id: p.id, format: 'EXE' },
        { name: 'x.exe', data: Buffer.from('MZ'), type: 'application/octet-stream' },
      ),
      409,
      'Validation Error',
    );
    ckanError(
      await upload(
        justiceToken,
        { package_id: p.id, format: 'CSV' },
        { name: 'big.csv', data: Buffer.alloc(70 * 1024, 'a'), type: 'text/csv' },
      ),
      409,
      'Validation Error',
    );
    ckanError(
      await ckan(justiceToken, 'resource_create', { package_id: p.id, url: 'javascript:alert(1)', format: 'CSV' }),
      409,
      'Validation Error',
    );
    ckanError(
      await ckan(constructionToken, 'resource_create', {
        package_id: p.id,
        url: 'https://example.org/a.csv',
        format: 'CSV',
      }),
      403,
      'Authorization Error',
    );
    const shown = result<{ num_resources: number }>(
      await s.app.inject({
        method: 'GET',
        url: `/api/3/action/package_show?id=${p.id}`,
        headers: { authorization: justiceToken },
      }),
    );
    expect(shown.num_resources).toBe(0);
  });
});

describe('publishing: the agency’s leader, after the privacy scan', () => {
  async function draftWithTable(records: object[]) {
    const p = result<{ id: string; name: string }>(await ckan(justiceToken, 'package_create', pkg(justiceOrg)));
    const d = result<{ resource_id: string }>(
      await ckan(justiceToken, 'datastore_create', {
        resource: { package_id: p.id, name: 'Bảng', format: 'CSV' },
        fields: [
          { id: 'ward', type: 'text' },
          { id: 'note', type: 'text' },
          { id: 'n', type: 'int' },
        ],
        records,
      }),
    );
    return { ...p, resourceId: d.resource_id };
  }
  const act = (c: Client, id: string, action: string) => c.post(`/api/opendata/datasets/${id}/actions/${action}`, {});

  it('personal data planted in a draft resource is caught and the dataset stays unpublished', async () => {
    const planted: [string, string][] = [
      ['CCCD 046201001234', '046201001234'],
      ['Liên hệ 0905 123 456', '0905 123 456'],
      ['gửi về an.nguyen@example.com', 'an.nguyen@example.com'],
      ['Người nộp: Nguyễn Văn An', 'Nguyễn Văn An'],
    ];
    for (const [note, secret] of planted) {
      const p = await draftWithTable([
        { ward: 'Phú Xuân', note: 'bình thường', n: 7 },
        { ward: 'Thuận Hóa', n: 8, note },
      ]);
      expect((await act(justiceSpecialist, p.id, 'submit')).statusCode).toBe(200);
      const r = await act(justiceLeader, p.id, 'approve');
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json()).toMatchObject({
        code: 'personal-data',
        findings: [expect.objectContaining({ kind: expect.any(String) })],
      });
      // The finding is masked: the refusal itself does not repeat the personal data.
      expect(r.body).not.toContain(secret);
      ckanError(await s.anonymous.get(`/api/3/action/package_show?id=${p.name}`), 403, 'Authorization Error');
    }
  });

  it('a workbook is scanned cell by cell', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách');
    ws.addRow(['Phường', 'Ghi chú']);
    ws.addRow(['Phú Xuân', 'Liên hệ 0912345678']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const p = result<{ id: string }>(await ckan(justiceToken, 'package_create', pkg(justiceOrg)));
    const r = await upload(
      justiceToken,
      { package_id: p.id, name: 'Bảng tính', format: 'XLSX' },
      { name: 'bang.xlsx', data, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    );
    expect(result<{ size: number }>(r).size).toBe(data.length);
    expect((await act(justiceSpecialist, p.id, 'submit')).statusCode).toBe(200);
    const refused = await act(justiceLeader, p.id, 'approve');
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'personal-data',
      findings: [expect.objectContaining({ kind: 'phone', at: expect.stringContaining('Danh sách!2') })],
    });
  });

  it('a clean draft: the specialist submits, a sibling department’s leader and the specialist may not approve, the own leader does', async () => {
    const p = await draftWithTable([{ ward: 'Phú Xuân', note: 'điểm phát wifi', n: 12 }]);
    expect((await act(justiceLeader, p.id, 'approve')).statusCode).toBe(409);
    expect((await act(justiceSpecialist, p.id, 'submit')).statusCode).toBe(200);
    expect((await act(justiceSpecialist, p.id, 'approve')).statusCode).toBe(403);
    expect((await act(constructionLeader, p.id, 'approve')).statusCode).toBe(403);
    const ok = await act(justiceLeader, p.id, 'approve');
    expect(ok.json()).toMatchObject({ state: 'published' });
    const shown = result<{ state: string; resources: { id: string }[] }>(
      await s.anonymous.get(`/api/3/action/package_show?id=${p.name}`),
    );
    expect(shown.state).toBe('active');
    const rows = result<{ records: { ward: string }[] }>(
      await s.anonymous.get(
        `/api/3/action/datastore_search?resource_id=${p.resourceId}&filters=${encodeURIComponent('{"ward":"Phú Xuân"}')}`,
      ),
    );
    expect(rows.records).toHaveLength(1);
    const timeline = (await s.anonymous.get(`/api/opendata/datasets/${p.name}/actions`)).json() as { action: string }[];
    expect(timeline.map((a) => a.action)).toEqual(['create', 'submit', 'approve']);
    // A download is counted.
    const before = (shown.resources[0] as unknown as { downloads: number }).downloads;
    expect((await s.anonymous.get(`/api/opendata/resources/${p.resourceId}/download`)).statusCode).toBe(200);
    const after = result<{ downloads: number }>(
      await s.anonymous.get(`/api/3/action/resource_show?id=${p.resourceId}`),
    );
    expect(after.downloads).toBe(before + 1);
    // Withdrawing is the leader's too; the withdrawn dataset leaves the public catalog.
    expect((await act(constructionLeader, p.id, 'withdraw')).statusCode).toBe(403);
    expect((await act(justiceLeader, p.id, 'withdraw')).statusCode).toBe(200);
    ckanError(await s.anonymous.get(`/api/3/action/package_show?id=${p.name}`), 403, 'Authorization Error');
  });

  it('the dashboard lists an agency’s datasets with their freshness, for its staff only', async () => {
    const mine = (await justiceSpecialist.get('/api/opendata/dashboard')).json() as {
      items: { name: string; freshness: string; state: string }[];
    };
    expect(mine.items.some((i) => i.name === `ho-so-${justiceOrg}` && i.freshness === 'fresh')).toBe(true);
    expect(mine.items.some((i) => i.state === 'draft')).toBe(true);
    expect(mine.items.every((i) => !i.name.startsWith(`ho-so-${constructionOrg}`))).toBe(true);
    const places = await demoPlaces(s);
    expect((await justiceSpecialist.get(`/api/opendata/dashboard?agencyId=${places.construction}`)).statusCode).toBe(
      403,
    );
    expect((await s.anonymous.get('/api/opendata/dashboard')).statusCode).toBe(401);
  });
});
