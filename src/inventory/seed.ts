/**
 * Demo: a small inventory for the demo agencies (marked demo, from a "manual" source each), written through the same
 * writer as an import, so the infrastructure and security criteria have something to compute from. Real agencies'
 * facts come from their tools and spreadsheets.
 */
import { eq, sql } from 'drizzle-orm';
import { accounts, type Database } from '../platform/index.js';
import { agencyByCode, agencyByKey, people } from '../directory/index.js';
import { applyBatch } from './apply.js';
import type { Batch, DeviceFact } from './facts.js';
import { inventorySources } from './schema.js';

interface DemoAgency {
  key?: string;
  code?: string;
  staff: string[];
  extraDevices: number;
  dedicated: boolean;
  systems: {
    name: string;
    url: string | null;
    level: number | null;
    approval: string | null;
    ipv6: boolean;
    personal: boolean;
    review: string | null;
  }[];
  apps: ('hr' | 'finance' | 'emulation' | 'asset')[];
  databases: string[];
}

const DEMO: DemoAgency[] = [
  {
    key: 'UBND',
    staff: ['admin', 'kiemtra'],
    extraDevices: 3,
    dedicated: true,
    systems: [
      {
        name: 'Cổng thông tin điện tử thành phố',
        url: 'https://hue.gov.vn',
        level: 3,
        approval: '125/QĐ-UBND',
        ipv6: true,
        personal: false,
        review: '2027-01-15',
      },
      {
        name: 'Hệ thống thông tin giải quyết TTHC',
        url: 'https://dichvucong.hue.gov.vn',
        level: 3,
        approval: '126/QĐ-UBND',
        ipv6: true,
        personal: true,
        review: '2028-03-01',
      },
    ],
    apps: ['hr', 'finance', 'emulation', 'asset'],
    databases: ['CSDL đất đai'],
  },
  {
    key: 'VP',
    staff: ['vanthu'],
    extraDevices: 2,
    dedicated: true,
    systems: [
      {
        name: 'Hệ thống quản lý văn bản và điều hành',
        url: 'https://qlvb.hue.gov.vn',
        level: 2,
        approval: '87/QĐ-VP',
        ipv6: false,
        personal: false,
        review: '2026-12-20',
      },
    ],
    apps: ['hr', 'finance'],
    databases: [],
  },
  {
    key: 'TTHCC',
    staff: ['motcua'],
    extraDevices: 4,
    dedicated: true,
    systems: [
      {
        name: 'Hệ thống xếp hàng tự động',
        url: null,
        level: null,
        approval: null,
        ipv6: false,
        personal: true,
        review: null,
      },
    ],
    apps: ['finance', 'asset'],
    databases: [],
  },
  {
    key: 'STP',
    staff: ['chuyenvien', 'lanhdao'],
    extraDevices: 2,
    dedicated: false,
    systems: [
      {
        name: 'CSDL hộ tịch điện tử',
        url: 'https://hotich.hue.gov.vn',
        level: 3,
        approval: null,
        ipv6: false,
        personal: true,
        review: null,
      },
    ],
    apps: ['hr', 'finance', 'emulation'],
    databases: ['CSDL hộ tịch', 'CSDL lý lịch tư pháp'],
  },
  {
    code: '000.00.41.H57',
    staff: [],
    extraDevices: 3,
    dedicated: false,
    systems: [],
    apps: ['finance'],
    databases: [],
  },
];

const APP_NAMES = {
  hr: 'Phần mềm quản lý cán bộ, công chức',
  finance: 'MISA Mimosa (kế toán hành chính sự nghiệp)',
  emulation: 'Phần mềm thi đua, khen thưởng',
  asset: 'Phần mềm quản lý tài sản công',
} as const;

export async function seedInventory(database: Database): Promise<void> {
  const db = database.db;
  await db.transaction(async (tx) => {
    const now = new Date();
    let n = 0;
    for (const d of DEMO) {
      const agency = d.key ? await agencyByKey(tx, d.key) : await agencyByCode(tx, d.code!);
      if (!agency) continue;
      const [source] = await tx
        .insert(inventorySources)
        .values({
          agencyId: agency.id,
          kind: 'manual',
          name: 'Dữ liệu mẫu (demo)',
          demo: true,
          lastRunAt: now,
          lastSuccessAt: now,
          lastStatus: 'succeeded',
        })
        .returning();
      const devices: DeviceFact[] = [];
      const device = (kind: DeviceFact['kind'], owner: string | null, av: DeviceFact['antimalware']): DeviceFact => {
        n++;
        return {
          externalId: `demo-${n}`,
          agencyId: agency.id,
          kind,
          name: `${(d.key ?? 'PX').toLowerCase()}-${kind}-${n}`,
          serial: `DEMO${String(n).padStart(5, '0')}`,
          ownerPersonId: owner,
          location: kind === 'server' ? 'Phòng máy chủ' : null,
          osName: kind === 'server' ? 'Ubuntu' : kind === 'network' ? null : 'Windows',
          osVersion: kind === 'server' ? '24.04' : kind === 'network' ? null : '11',
          lastSeenAt: now,
          antimalware: kind === 'network' ? 'unknown' : av,
          internet: kind !== 'network',
          sharesMalwareData: av === 'active' && kind !== 'network',
        };
      };
      for (const username of d.staff) {
        const [p] = await tx
          .select({ id: people.id })
          .from(people)
          .innerJoin(accounts, eq(accounts.id, people.accountId))
          .where(eq(accounts.username, username));
        if (!p) continue;
        devices.push(device('desktop', p.id, 'active'), device('laptop', p.id, 'active'));
      }
      for (let i = 0; i < d.extraDevices; i++)
        devices.push(device(i === 0 ? 'server' : 'desktop', null, i % 2 ? 'none' : 'active'));
      devices.push(device('network', null, 'unknown'));
      const batch: Batch = {
        devices,
        networks: [
          { externalId: 'lan', agencyId: agency.id, kind: 'lan', level: null, provider: null, bandwidthMbps: 1000 },
          {
            externalId: 'internet',
            agencyId: agency.id,
            kind: 'internet',
            level: null,
            provider: 'VNPT',
            bandwidthMbps: 300,
          },
          {
            externalId: 'wan',
            agencyId: agency.id,
            kind: 'wan',
            level: null,
            provider: 'Trung tâm dữ liệu tỉnh',
            bandwidthMbps: 100,
          },
          ...(d.dedicated
            ? [
                {
                  externalId: 'tsl-2',
                  agencyId: agency.id,
                  kind: 'dedicated' as const,
                  level: 2,
                  provider: 'Cục Bưu điện Trung ương',
                  bandwidthMbps: 50,
                },
              ]
            : []),
        ],
        systems: d.systems.map((s, i) => ({
          externalId: `system-${i + 1}`,
          agencyId: agency.id,
          name: s.name,
          purpose: null,
          hosting: 'Trung tâm dữ liệu tỉnh',
          publicUrl: s.url,
          dataHeld: s.personal ? 'Thông tin cá nhân của người dân' : 'Thông tin công khai',
          personalData: s.personal,
          securityLevel: s.level,
          approvalDocumentId: null,
          approvalNumber: s.approval,
          approvalDate: s.approval ? '2025-06-10' : null,
          reviewDate: s.review,
          sharesMalwareData: s.level !== null,
        })),
        applications: d.apps.map((c) => ({
          externalId: `app-${c}`,
          agencyId: agency.id,
          category: c,
          name: APP_NAMES[c],
          vendor: null,
          version: null,
        })),
        databases: d.databases.map((name, i) => ({
          externalId: `db-${i + 1}`,
          agencyId: agency.id,
          name,
          sector: null,
          catalogueEntry: null,
        })),
      };
      await applyBatch(tx, source!.id, batch, now);
      // The platform's IPv6 check is not run at seeding (no network); the demo states what a check would record.
      for (const [i, s] of d.systems.entries())
        if (s.ipv6)
          await tx.execute(
            sql`UPDATE inventory_systems SET ipv6_status = 'ready' WHERE source_id = ${source!.id} AND external_id = ${`system-${i + 1}`}`,
          );
    }
  });
}
