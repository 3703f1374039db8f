import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Problem, type Database } from '../platform/index.js';
import { testDatabase } from '../platform/testing/index.js';
import { adminUnits, agencies } from './schema.js';
import { changeUnitVersion, createUnit, dissolveUnit, mergeUnits, renameUnit, reparentUnit } from './unit-changes.js';
import {
  ancestorsOf,
  childrenOf,
  currentStructure,
  getUnit,
  listUnits,
  unitByCode,
  unitHistory,
  type AdminUnit,
} from './index.js';

let d: Database;
let hue: AdminUnit;
beforeAll(async () => {
  d = await testDatabase('demo');
  hue = (await unitByCode(d.db, '46', '2025-08-01'))!;
});
afterAll(() => d.close());

const tx = <T>(fn: (t: Parameters<Parameters<Database['db']['transaction']>[0]>[0]) => Promise<T>) =>
  d.db.transaction(fn);
const problemOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof Problem) return e;
    throw e;
  }
  throw new Error('expected a problem');
};

describe('rename keeps history', () => {
  it('closes the old version and opens a new one with the same code from the effective date', async () => {
    const old = (await unitByCode(d.db, '19900', '2025-08-01'))!;
    const r = await tx((t) =>
      renameUnit(t, old.id, { name: 'Thuận An Mới', effective: '2026-01-01', legalBasis: 'Nghị quyết thử nghiệm' }),
    );
    expect(r.unit).toMatchObject({
      code: '19900',
      name: 'Thuận An Mới',
      validFrom: '2026-01-01',
      validTo: null,
      status: 'current',
      parentId: hue.id,
    });
    const closed = (await getUnit(d.db, old.id))!;
    expect(closed).toMatchObject({
      name: 'Thuận An',
      validTo: '2025-12-31',
      status: 'renamed',
      successorId: r.unit.id,
    });
    expect((await unitByCode(d.db, '19900', '2025-12-31'))!.name).toBe('Thuận An');
    expect((await unitByCode(d.db, '19900', '2026-01-01'))!.name).toBe('Thuận An Mới');
    const history = await unitHistory(d.db, [old.id]);
    expect(history.map((e) => [e.kind, e.effective, e.legalBasis])).toContainEqual([
      'rename',
      '2026-01-01',
      'Nghị quyết thử nghiệm',
    ]);
  });

  it('moves the agencies serving the unit to its new version', async () => {
    const phuXuan = (await unitByCode(d.db, '19753', '2025-08-01'))!;
    const before = await d.db.select().from(agencies).where(eq(agencies.unitId, phuXuan.id));
    expect(before.length).toBeGreaterThan(0);
    const r = await tx((t) => renameUnit(t, phuXuan.id, { name: 'Phú Xuân Mới', effective: '2026-02-01' }));
    const after = await d.db.select().from(agencies).where(eq(agencies.unitId, r.unit.id));
    expect(after.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
  });

  it('keeps a renamed district’s communes below it, before and after the rename', async () => {
    const quangDien = (await unitByCode(d.db, '477', '2025-03-01'))!;
    const r = await tx((t) =>
      renameUnit(t, quangDien.id, { name: 'Quảng Điền (đổi tên thử)', effective: '2025-04-01' }),
    );
    // The rename falls inside a version that ended with the district level: the new version ends the same way.
    expect(r.unit).toMatchObject({ validTo: '2025-06-30', status: 'dissolved', successorId: null });
    expect(await childrenOf(d.db, quangDien.id, '2025-03-15')).toHaveLength(11);
    expect(await childrenOf(d.db, r.unit.id, '2025-05-01')).toHaveLength(11);
    const quangThai = (await unitByCode(d.db, '19870', '2025-05-01'))!;
    expect((await ancestorsOf(d.db, quangThai.id, '2025-05-01')).map((u) => u.name)).toEqual([
      'Huế',
      'Quảng Điền (đổi tên thử)',
    ]);
    expect((await ancestorsOf(d.db, quangThai.id, '2025-03-01')).map((u) => u.name)).toEqual(['Huế', 'Quảng Điền']);
    const s = await currentStructure(d.db, '2025-05-01', { provinceId: hue.id });
    expect(s.provinces[0]!.children.find((c) => c.code === '477')!.children).toHaveLength(11);
  });

  it('refuses a rename dated on or before the version began, or of a closed version', async () => {
    const u = (await unitByCode(d.db, '19930', '2025-08-01'))!;
    expect((await problemOf(tx((t) => renameUnit(t, u.id, { name: 'X', effective: '2025-07-01' })))).status).toBe(409);
    const closed = (await unitByCode(d.db, '19870', '2025-06-01'))!;
    expect((await problemOf(tx((t) => renameUnit(t, closed.id, { name: 'X', effective: '2026-01-01' })))).code).toBe(
      'unit-closed',
    );
  });

  it('refuses a change of level through a new type', async () => {
    const u = (await unitByCode(d.db, '19930', '2025-08-01'))!;
    expect(
      (await problemOf(tx((t) => changeUnitVersion(t, u.id, { type: 'huyen', effective: '2026-01-01' })))).status,
    ).toBe(400);
  });
});

describe('merge keeps history', () => {
  it('closes the sources, points them to the new unit and records the event', async () => {
    const a = (await unitByCode(d.db, '19930', '2025-08-01'))!;
    const b = (await unitByCode(d.db, '19777', '2025-08-01'))!;
    const r = await tx((t) =>
      mergeUnits(
        t,
        [a.id, b.id],
        { code: '19930', name: 'Mỹ Thượng – Vỹ Dạ', type: 'phuong' },
        { effective: '2026-03-01', legalBasis: 'Nghị quyết thử nghiệm 2' },
      ),
    );
    expect(r.unit).toMatchObject({ code: '19930', parentId: hue.id, validFrom: '2026-03-01', level: 3 });
    for (const id of [a.id, b.id])
      expect(await getUnit(d.db, id)).toMatchObject({
        validTo: '2026-02-28',
        status: 'merged',
        successorId: r.unit.id,
      });
    expect(r.event).toMatchObject({
      kind: 'merge',
      effective: '2026-03-01',
      fromUnitIds: [a.id, b.id],
      toUnitIds: [r.unit.id],
      legalBasis: 'Nghị quyết thử nghiệm 2',
    });
    const kidsAfter = (await childrenOf(d.db, hue.id, '2026-03-01')).map((u) => u.name);
    expect(kidsAfter).toContain('Mỹ Thượng – Vỹ Dạ');
    expect(kidsAfter).not.toContain('Vỹ Dạ');
    expect((await childrenOf(d.db, hue.id, '2026-02-28')).map((u) => u.name)).toContain('Vỹ Dạ');
  });

  it('refuses to merge units into a unit of another level', async () => {
    const commune = (await unitByCode(d.db, '19815', '2025-08-01'))!;
    const p = await problemOf(
      tx((t) =>
        mergeUnits(
          t,
          [commune.id],
          { code: 'X1', name: 'X', type: 'huyen', parentId: hue.id },
          { effective: '2026-05-01', legalBasis: 'x' },
        ),
      ),
    );
    expect(p).toMatchObject({ status: 400 });
    expect(p.errors[0]!.field).toBe('/body/into/type');
  });

  it('refuses a new code that another unit holds over the same period, and changes nothing', async () => {
    const a = (await unitByCode(d.db, '19815', '2025-08-01'))!;
    const count = (await d.db.select().from(adminUnits)).length;
    const p = await problemOf(
      tx((t) =>
        mergeUnits(
          t,
          [a.id],
          { code: '19813', name: 'X', type: 'phuong', parentId: hue.id },
          { effective: '2026-05-01', legalBasis: 'x' },
        ),
      ),
    );
    expect(p).toMatchObject({ status: 409, code: 'duplicate-code' });
    expect((await d.db.select().from(adminUnits)).length).toBe(count);
    expect(await getUnit(d.db, a.id)).toMatchObject({ validTo: null, status: 'current' });
  });
});

describe('reparent, create, dissolve', () => {
  it('moves a unit to another parent as a new version', async () => {
    const district = (await unitByCode(d.db, '478', '2025-03-01'))!;
    const commune = (await childrenOf(d.db, district.id, '2025-03-01'))[0]!;
    const other = (await unitByCode(d.db, '479', '2025-03-01'))!;
    const r = await tx((t) =>
      reparentUnit(t, commune.id, other.id, { effective: '2025-05-01', legalBasis: 'Nghị quyết thử nghiệm 3' }),
    );
    expect(await getUnit(d.db, commune.id)).toMatchObject({
      status: 'reparented',
      validTo: '2025-04-30',
      successorId: r.unit.id,
    });
    expect((await childrenOf(d.db, other.id, '2025-05-15')).map((u) => u.id)).toContain(r.unit.id);
    expect((await childrenOf(d.db, district.id, '2025-05-15')).map((u) => u.id)).not.toContain(r.unit.id);
    expect(r.events.map((e) => e.kind)).toEqual(['reparent']);
  });

  it('refuses a parent of the same or a lower level', async () => {
    const a = (await unitByCode(d.db, '19815', '2025-08-01'))!;
    const b = (await unitByCode(d.db, '19813', '2025-08-01'))!;
    expect(
      (await problemOf(tx((t) => reparentUnit(t, a.id, b.id, { effective: '2026-01-01' })))).errors[0]!.field,
    ).toBe('/body/parentId');
  });

  it('creates a commune with a create event, and refuses a duplicate code', async () => {
    const r = await tx((t) =>
      createUnit(t, {
        code: '99001',
        name: 'Xã Thử',
        type: 'xa',
        parentId: hue.id,
        validFrom: '2026-01-01',
        demo: true,
      }),
    );
    expect(r.event).toMatchObject({ kind: 'create', toUnitIds: [r.unit.id] });
    expect(
      (
        await problemOf(
          tx((t) =>
            createUnit(t, { code: '99001', name: 'Xã Thử 2', type: 'xa', parentId: hue.id, validFrom: '2026-06-01' }),
          ),
        )
      ).status,
    ).toBe(409);
  });

  it('refuses to dissolve a unit that still has units in force below it, then dissolves an empty one', async () => {
    expect((await problemOf(tx((t) => dissolveUnit(t, hue.id, { effective: '2026-01-01' })))).code).toBe(
      'unit-has-children',
    );
    const x = (await unitByCode(d.db, '99001', '2026-01-01'))!;
    const r = await tx((t) => dissolveUnit(t, x.id, { effective: '2026-02-01', legalBasis: 'thử' }));
    expect(r.unit).toMatchObject({ status: 'dissolved', validTo: '2026-01-31' });
    expect((await listUnits(d.db, { q: 'Xã Thử', asOf: '2026-03-01' })).length).toBe(0);
  });
});
