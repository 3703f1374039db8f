/**
 * The reporting module reads the inventory through the published view: once the demo agencies have inventory facts,
 * the infrastructure and security indicators (Huế appendix 4: 3.1.x, 3.3.x, 3.4.2, 4.1.2, 5.4.x, 6.2.1, 6.3.x) are
 * computed for them from the registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../platform/index.js';
import { testServer, type TestServer } from '../platform/testing/index.js';
import { computeIndicator, periodOf, refreshAll } from '../reporting/index.js';
import { seedInventory } from './index.js';

let s: TestServer;
let ubnd: string;
beforeAll(async () => {
  s = await testServer();
  ubnd = (await queryRows<{ id: string }>(s.database.db, sql`SELECT id FROM agencies WHERE key = 'UBND'`))[0]!.id;
});
afterAll(async () => {
  await s?.close();
});

const KEYS = [
  'inventory.desktop_share',
  'inventory.lan_share',
  'inventory.wan_share',
  'inventory.dedicated_network_share',
  'inventory.ipv6_systems',
  'inventory.sector_databases',
  'inventory.hr_app_share',
  'inventory.systems_level_approved',
  'inventory.antimalware_endpoints',
  'inventory.malware_sharing',
];

const compute = async () => {
  const out: Record<string, { value: number | null; a: number | null; b: number | null; status: string }> = {};
  for (const key of KEYS) {
    const v = await computeIndicator(s.database.db, key, {
      period: periodOf('year'),
      scope: { kind: 'agency', id: ubnd },
    });
    expect(v, key).not.toBeNull();
    out[key] = { value: v!.value, a: v!.a, b: v!.b, status: v!.status };
  }
  return out;
};

describe('the inventory feeds the reporting indicators', () => {
  it('computes the infrastructure and security indicators of a demo agency from the registry', async () => {
    const before = await compute();
    for (const key of KEYS) expect(before[key]!.status, key).toBe('computed');
    // Before any inventory fact the agency has staff but nothing counted.
    expect(Object.values(before).every((v) => !v.a)).toBe(true);
    await seedInventory(s.database);
    const after = await compute();
    for (const key of KEYS) {
      expect(after[key]!.status, key).toBe('computed');
      expect(after[key]!.a, key).toBeGreaterThan(0);
    }
    // The agency has a LAN, and both its systems are approved at their level: a = b.
    expect(after['inventory.lan_share']).toMatchObject({ a: 1, b: 1 });
    expect(after['inventory.systems_level_approved']).toMatchObject({ a: 2, b: 2 });
    const province = await computeIndicator(s.database.db, 'inventory.dedicated_network_share', {
      period: periodOf('year'),
      scope: { kind: 'province' },
    });
    expect(province).toMatchObject({ status: 'computed' });
    expect(province!.a).toBeGreaterThanOrEqual(3); // UBND, VP, TTHCC are on the dedicated network level II
  });

  it('raises the share of criteria computed from data in the operations centre', async () => {
    // A server of its own: the first test has already loaded the demo inventory into its database.
    const t = await testServer();
    try {
      const admin = await t.login('admin');
      const share = async () => {
        await refreshAll(t.database.db);
        const sum = (await admin.get('/api/reporting/ioc/summary')).json() as {
          rankings: { key: string; share: Share; live: Share }[];
        };
        return sum.rankings.find((r) => r.key === 'hue-222-pl4')!;
      };
      const before = await share();
      await seedInventory(t.database);
      const after = await share();
      // Mapped criteria do not change; those whose data arrives rise by the inventory's criteria that a demo department fills.
      expect(after.share).toEqual(before.share);
      const risen = after.live.computedCriteria - before.live.computedCriteria;
      expect(risen).toBeGreaterThanOrEqual(10);
      expect(after.live.computedPoints).toBeGreaterThan(before.live.computedPoints);
      // The ranking page's figure agrees with the operations centre's.
      const ranking = (await admin.get('/api/reporting/criteria-sets/hue-222-pl4/ranking')).json() as { live: Share };
      expect(ranking.live).toEqual(after.live);
    } finally {
      await t.close();
    }
  }, 300_000);
});

interface Share {
  criteria: number;
  computedCriteria: number;
  points: number;
  computedPoints: number;
}
