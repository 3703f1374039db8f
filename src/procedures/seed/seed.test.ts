import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../platform/testing/index.js';
import type { Database } from '../../platform/index.js';
import { procedures } from '../catalog/schema.js';
import { getProcedure } from '../catalog/service.js';
import { HUE_PROCEDURES } from './hue-procedures.js';

let d: Database;
beforeAll(async () => {
  d = await testDatabase('demo');
});
afterAll(async () => {
  await d?.close();
});

describe('the demo province’s procedure catalog', () => {
  it('holds at least 30 procedures, each with a paper and a workflow whose shares sum to 100', async () => {
    const rows = await d.db.select({ code: procedures.code }).from(procedures);
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(rows.length).toBe(HUE_PROCEDURES.length);
    for (const { code } of rows) {
      const p = (await getProcedure(d.db, code))!;
      expect(p.papers.length, code).toBeGreaterThanOrEqual(1);
      expect(p.workflow.length, code).toBeGreaterThanOrEqual(1);
      expect(
        p.workflow.reduce((s, x) => s + x.sharePercent, 0),
        code,
      ).toBe(100);
      expect(p.formFields.length, code).toBeGreaterThan(0);
      expect(p.field, code).not.toBeNull();
    }
  });

  it('covers the province, district and commune levels and the fields the plans name', async () => {
    const rows = await d.db.select({ levels: procedures.levels, field: procedures.fieldCode }).from(procedures);
    const levels = new Set(rows.flatMap((r) => r.levels));
    expect([...levels].sort()).toEqual(['commune', 'district', 'province']);
    const fields = new Set(rows.map((r) => r.field));
    for (const f of [
      'ho-tich',
      'chung-thuc',
      'ly-lich-tu-phap',
      'ho-kinh-doanh',
      'hoat-dong-xay-dung',
      'dat-dai',
      'bao-tro-xa-hoi',
    ])
      expect(fields, f).toContain(f);
  });

  it('has unique national codes in the national shape and inter-agency steps naming a real agency', async () => {
    const codes = HUE_PROCEDURES.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[12]\.\d{6}$/);
    const p = (await getProcedure(d.db, '2.000488'))!;
    const fixed = p.workflow.filter((s) => s.agencyMode === 'fixed');
    expect(fixed).toHaveLength(1);
    expect(fixed[0]!.agencyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.agency?.code).toBe('000.00.04.H57');
  });

  it('gives birth registration its real terms: free, within the day, fully online', async () => {
    const p = (await getProcedure(d.db, '1.001193'))!;
    expect(p).toMatchObject({
      name: 'Thủ tục đăng ký khai sinh',
      processingDays: 0,
      onlineLevel: 'full',
      demo: false,
      levels: ['commune'],
    });
    expect(p.fees).toEqual([]);
    expect(p.workflow.map((s) => s.role)).toEqual(['officer', 'specialist', 'leader', 'officer']);
  });
});
