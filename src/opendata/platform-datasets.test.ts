/**
 * The platform's own datasets: every agency publishes, nothing personal leaves (every published resource of the
 * demo is scanned), small cells are suppressed, and a refresh after new dossiers and reports publishes a new version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testServer, type TestServer } from '../platform/testing/index.js';
import { makeProcedure, receiveDossier } from '../procedures/dossiers/test-fixtures.js';
import { reportBody } from '../feedback/test-fixtures.js';
import { demoPlaces } from '../directory/test-fixtures.js';
import { opendataDatasets, opendataResources } from './schema.js';
import { scanDataset } from './datasets.js';
import { refreshPlatformDatasets } from './platform-datasets.js';
import { resourceVersions } from './catalog.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => {
  await s?.close();
});

const refresh = () => s.database.db.transaction((tx) => refreshPlatformDatasets(tx, s.ctx.files));
async function table(name: string, position = 0) {
  const [d] = await s.database.db.select().from(opendataDatasets).where(eq(opendataDatasets.name, name));
  const resources = await s.database.db.select().from(opendataResources).where(eq(opendataResources.datasetId, d!.id));
  const r = resources.find((x) => x.position === position)!;
  const res = await s.anonymous.get(`/api/3/action/datastore_search?resource_id=${r.id}&limit=32000`);
  return {
    resourceId: r.id,
    records: (res.json() as { result: { records: Record<string, unknown>[] } }).result.records,
  };
}

describe('datasets from the platform itself', () => {
  it('the privacy scan finds no personal data in any published resource of the demo', async () => {
    const published = await s.database.db
      .select()
      .from(opendataDatasets)
      .where(eq(opendataDatasets.state, 'published'));
    expect(published.length).toBeGreaterThan(20);
    for (const d of published) expect(await scanDataset(s.database.db, s.ctx.files, d), d.name).toEqual([]);
  });

  it('a refresh with nothing new writes nothing', async () => {
    const r = await refresh();
    expect(r).toMatchObject({ created: 0, updated: 0, refused: [] });
    expect(r.unchanged).toBeGreaterThan(20);
  });

  it('new dossiers appear after a refresh, as a new version; fewer than the minimum are suppressed', async () => {
    const places = await demoPlaces(s);
    const p = await makeProcedure(s.database.db);
    const desk = await s.login('motcua');
    const receive = () =>
      receiveDossier(desk, p, {
        receivingAgencyId: places.centre,
        applicant: { name: 'Nguyễn Văn Thử', idNumber: '046201001234', phone: '0905123456' },
      });
    for (let i = 0; i < 4; i++) await receive();
    await refresh();
    const four = (await table('ho-so-thu-tuc-hanh-chinh')).records.filter((r) => r.procedure_code === p.code);
    expect(four).toEqual([expect.objectContaining({ received: null, completed: null, suppressed: true })]);
    const before = (await resourceVersions(s.database.db, (await table('ho-so-thu-tuc-hanh-chinh')).resourceId)).length;
    await receive();
    const r = await refresh();
    expect(r.updated).toBeGreaterThanOrEqual(2);
    const t = await table('ho-so-thu-tuc-hanh-chinh');
    expect(t.records.filter((x) => x.procedure_code === p.code)).toEqual([
      expect.objectContaining({ received: 5, suppressed: true }),
    ]);
    expect((await resourceVersions(s.database.db, t.resourceId)).length).toBe(before + 1);
    // The agency's own dataset follows too, and the applicants' names, numbers and phones are nowhere.
    const own = await s.anonymous.get(
      `/api/3/action/package_search?fq=${encodeURIComponent(`name:ho-so-${p.agencyCode.toLowerCase().replace(/\./g, '-')}`)}`,
    );
    expect((own.json() as { result: { count: number } }).result.count).toBe(1);
    const download = await s.anonymous.get(`/api/opendata/resources/${t.resourceId}/download`);
    expect(download.body).toContain(p.code);
    for (const secret of ['Nguyễn Văn Thử', '046201001234', '0905123456']) expect(download.body).not.toContain(secret);
  });

  it('new field reports appear after a refresh', async () => {
    const before = (await table('phan-anh-hien-truong')).records;
    const sum = (rows: Record<string, unknown>[]) => rows.length;
    const citizen = await s.login('congdan');
    // A category of its own, so the new cell is this test's alone.
    const admin = await s.login('admin');
    const code = `od-${process.pid}`;
    expect(
      (
        await admin.post('/api/feedback/categories', {
          code,
          nameVi: 'Thử dữ liệu mở',
          nameEn: 'Open data test',
          deadlineAmount: 3,
          deadlineUnit: 'working_days',
        })
      ).statusCode,
    ).toBe(201);
    for (let i = 0; i < 5; i++)
      expect((await citizen.post('/api/feedback/reports', reportBody({ category: code }))).statusCode).toBe(201);
    await refresh();
    const after = (await table('phan-anh-hien-truong')).records;
    expect(sum(after)).toBeGreaterThan(sum(before));
    expect(after.filter((r) => r.category_code === code)).toEqual([
      expect.objectContaining({ reports: 5, resolved: null, mean_resolution_hours: null }),
    ]);
  });
});
