import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { can, type Database, type Principal } from '../platform/index.js';
import { testDatabase } from '../platform/testing/index.js';
import { agencies } from './schema.js';
import { agencyByKey, DirectoryScopes, unitByCode } from './index.js';

let d: Database;
let scopes: DirectoryScopes;
beforeAll(async () => {
  d = await testDatabase('demo');
  scopes = new DirectoryScopes(d.db);
});
afterAll(() => d.close());

const admin = (scopeKind: 'unit' | 'agency', scopeId: string): Principal => ({
  accountId: 'x',
  username: 'x',
  displayName: 'x',
  kind: 'person',
  via: 'session',
  grants: [{ role: 'admin', scopeKind, scopeId }],
});

describe('directory scopes', () => {
  it('gives a 2025 commune the district, the province and its current version as ancestors', async () => {
    const hue = (await unitByCode(d.db, '46', '2025-08-01'))!;
    const oldHue = (await unitByCode(d.db, '46', '2024-06-01'))!;
    const quangThai = (await unitByCode(d.db, '19870', '2025-06-01'))!;
    const quangDien = (await unitByCode(d.db, '477', '2025-06-01'))!;
    const up = await scopes.unitAncestors(quangThai.id);
    expect(up).toEqual(expect.arrayContaining([quangThai.id, quangDien.id, hue.id]));
    expect(up).not.toContain(oldHue.id);
    // A grant on today's Huế covers Thừa Thiên Huế, its earlier version.
    expect(await scopes.unitAncestors(oldHue.id)).toContain(hue.id);
  });

  it('follows agency parents and units', async () => {
    const stp = (await agencyByKey(d.db, 'STP'))!;
    const ubnd = (await agencyByKey(d.db, 'UBND'))!;
    expect(await scopes.agencyAncestors(stp.id)).toEqual([stp.id, ubnd.id]);
    expect(await scopes.agencyUnit(stp.id)).toBe((await unitByCode(d.db, '46'))!.id);
  });

  it('lets a province admin act on every agency of the province, a commune admin only on its commune', async () => {
    const hue = (await unitByCode(d.db, '46'))!;
    const [communeA, communeB] = await d.db.select().from(agencies).where(eq(agencies.level, 'commune')).limit(2);
    expect(await can(admin('unit', hue.id), 'directory.agency.manage', { agencyId: communeA!.id }, scopes)).toBe(true);
    expect(
      await can(admin('unit', communeA!.unitId!), 'directory.agency.manage', { agencyId: communeA!.id }, scopes),
    ).toBe(true);
    expect(
      await can(admin('unit', communeA!.unitId!), 'directory.agency.manage', { agencyId: communeB!.id }, scopes),
    ).toBe(false);
    expect(await can(admin('unit', communeA!.unitId!), 'directory.agency.manage', { unitId: hue.id }, scopes)).toBe(
      false,
    );
    const danang = (await unitByCode(d.db, '48'))!;
    expect(await can(admin('unit', danang.id), 'directory.agency.manage', { agencyId: communeA!.id }, scopes)).toBe(
      false,
    );
  });

  it('answers from its cache until invalidated', async () => {
    const stp = (await agencyByKey(d.db, 'STP'))!;
    const vp = (await agencyByKey(d.db, 'VP'))!;
    const before = await scopes.agencyAncestors(stp.id);
    await d.db.update(agencies).set({ parentId: vp.id }).where(eq(agencies.id, stp.id));
    expect(await scopes.agencyAncestors(stp.id)).toEqual(before);
    scopes.invalidate();
    expect(await scopes.agencyAncestors(stp.id)).toContain(vp.id);
  });

  it('treats ids that are not uuids as themselves, without a database error', async () => {
    expect(await scopes.unitAncestors('STP')).toEqual(['STP']);
    expect(await scopes.agencyAncestors('46')).toEqual(['46']);
    expect(await scopes.agencyUnit('x')).toBeNull();
  });
});
