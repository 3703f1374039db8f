/**
 * The facts behind a figure of `inventory_agency_facts` (minh chứng): for each column, the rows that make it up, each
 * with its source and time, so a reviewer of a criterion can see what was counted.
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { accounts, queryRows, type Executor } from '../platform/index.js';
import { people } from '../directory/index.js';
import { FACT_TABLES } from './apply.js';
import {
  inventoryApplications,
  inventoryDevices,
  inventoryNetworks,
  inventorySources,
  inventorySystems,
} from './schema.js';

export const FACT_COLUMNS = [
  'staff_count',
  'staff_with_desktop',
  'staff_with_laptop_or_tablet',
  'computers_total',
  'computers_internet',
  'has_lan',
  'has_internet',
  'on_wan',
  'on_dedicated_network',
  'systems_total',
  'systems_ipv6',
  'systems_level_approved',
  'sector_databases',
  'has_hr_app',
  'has_finance_app',
  'has_emulation_app',
  'has_asset_app',
  'endpoints_total',
  'endpoints_antimalware',
  'shares_malware_data',
] as const;
export type FactColumn = (typeof FACT_COLUMNS)[number];

export interface EvidenceRow {
  kind: 'person' | 'device' | 'network' | 'system' | 'application' | 'database';
  id: string;
  label: string;
  detail: string | null;
  source: { id: string; kind: string; name: string } | null;
  updatedAt: string | null;
}

const d = inventoryDevices;
const n = inventoryNetworks;
const s = inventorySystems;
const a = inventoryApplications;

const deviceWhere: Partial<Record<FactColumn, SQL>> = {
  computers_total: inArray(d.kind, ['desktop', 'laptop']),
  computers_internet: and(inArray(d.kind, ['desktop', 'laptop']), eq(d.internet, true))!,
  endpoints_total: inArray(d.kind, ['desktop', 'laptop', 'server']),
  endpoints_antimalware: and(inArray(d.kind, ['desktop', 'laptop', 'server']), eq(d.antimalware, 'active'))!,
  shares_malware_data: eq(d.sharesMalwareData, true),
};
const networkWhere: Partial<Record<FactColumn, SQL>> = {
  has_lan: eq(n.kind, 'lan'),
  has_internet: eq(n.kind, 'internet'),
  on_wan: eq(n.kind, 'wan'),
  on_dedicated_network: and(eq(n.kind, 'dedicated'), eq(n.level, 2))!,
};
const systemWhere: Partial<Record<FactColumn, SQL>> = {
  systems_total: sql`true`,
  systems_ipv6: eq(s.ipv6Status, 'ready'),
  systems_level_approved: sql`${s.securityLevel} IS NOT NULL AND (${s.approvalDocumentId} IS NOT NULL OR ${s.approvalNumber} IS NOT NULL)`,
  shares_malware_data: eq(s.sharesMalwareData, true),
};
const appWhere: Partial<Record<FactColumn, SQL>> = {
  has_hr_app: eq(a.category, 'hr'),
  has_finance_app: eq(a.category, 'finance'),
  has_emulation_app: eq(a.category, 'emulation'),
  has_asset_app: eq(a.category, 'asset'),
};

const src = { id: inventorySources.id, kind: inventorySources.kind, name: inventorySources.name };
const iso = (x: Date | null) => (x ? x.toISOString() : null);

export async function evidence(db: Executor, agencyId: string, fact: FactColumn): Promise<EvidenceRow[]> {
  const out: EvidenceRow[] = [];
  if (fact === 'staff_count' || fact === 'staff_with_desktop' || fact === 'staff_with_laptop_or_tablet') {
    if (fact === 'staff_count') {
      const rows = await db
        .select({ id: people.id, name: accounts.displayName, position: people.position, at: people.updatedAt })
        .from(people)
        .innerJoin(accounts, eq(accounts.id, people.accountId))
        .where(eq(people.agencyId, agencyId))
        .orderBy(asc(accounts.displayName));
      return rows.map((r) => ({
        kind: 'person',
        id: r.id,
        label: r.name,
        detail: r.position,
        source: null,
        updatedAt: iso(r.at),
      }));
    }
    const kinds = fact === 'staff_with_desktop' ? ['desktop'] : ['laptop', 'tablet'];
    const rows = await db
      .select({ id: d.id, name: d.name, kind: d.kind, owner: accounts.displayName, at: d.updatedAt, source: src })
      .from(d)
      .innerJoin(people, eq(people.id, d.ownerPersonId))
      .innerJoin(accounts, eq(accounts.id, people.accountId))
      .innerJoin(inventorySources, eq(inventorySources.id, d.sourceId))
      .where(
        and(
          eq(people.agencyId, agencyId),
          eq(d.status, 'active'),
          inArray(d.kind, kinds as ('desktop' | 'laptop' | 'tablet')[]),
        ),
      )
      .orderBy(asc(accounts.displayName));
    return rows.map((r) => ({
      kind: 'device',
      id: r.id,
      label: r.name,
      detail: `${r.kind} — ${r.owner}`,
      source: r.source,
      updatedAt: iso(r.at),
    }));
  }
  if (deviceWhere[fact]) {
    const rows = await db
      .select({ id: d.id, name: d.name, kind: d.kind, av: d.antimalware, at: d.updatedAt, source: src })
      .from(d)
      .innerJoin(inventorySources, eq(inventorySources.id, d.sourceId))
      .where(and(eq(d.agencyId, agencyId), eq(d.status, 'active'), deviceWhere[fact]))
      .orderBy(asc(d.name))
      .limit(5000);
    out.push(
      ...rows.map((r) => ({
        kind: 'device' as const,
        id: r.id,
        label: r.name,
        detail: `${r.kind}; anti-malware ${r.av}`,
        source: r.source,
        updatedAt: iso(r.at),
      })),
    );
  }
  if (networkWhere[fact]) {
    const rows = await db
      .select({ id: n.id, kind: n.kind, level: n.level, provider: n.provider, at: n.updatedAt, source: src })
      .from(n)
      .innerJoin(inventorySources, eq(inventorySources.id, n.sourceId))
      .where(and(eq(n.agencyId, agencyId), eq(n.status, 'active'), networkWhere[fact]));
    out.push(
      ...rows.map((r) => ({
        kind: 'network' as const,
        id: r.id,
        label: r.kind + (r.level ? ` (cấp ${r.level})` : ''),
        detail: r.provider,
        source: r.source,
        updatedAt: iso(r.at),
      })),
    );
  }
  if (systemWhere[fact]) {
    const rows = await db
      .select({
        id: s.id,
        name: s.name,
        level: s.securityLevel,
        number: s.approvalNumber,
        doc: s.approvalDocumentId,
        ipv6: s.ipv6Status,
        at: s.updatedAt,
        source: src,
      })
      .from(s)
      .innerJoin(inventorySources, eq(inventorySources.id, s.sourceId))
      .where(and(eq(s.agencyId, agencyId), eq(s.status, 'active'), systemWhere[fact]))
      .orderBy(asc(s.name));
    out.push(
      ...rows.map((r) => ({
        kind: 'system' as const,
        id: r.id,
        label: r.name,
        detail: `cấp độ ${r.level ?? '—'}; ${r.number ?? r.doc ?? 'chưa phê duyệt'}; IPv6 ${r.ipv6}`,
        source: r.source,
        updatedAt: iso(r.at),
      })),
    );
  }
  if (appWhere[fact]) {
    const rows = await db
      .select({ id: a.id, name: a.name, vendor: a.vendor, at: a.updatedAt, source: src })
      .from(a)
      .innerJoin(inventorySources, eq(inventorySources.id, a.sourceId))
      .where(and(eq(a.agencyId, agencyId), eq(a.status, 'active'), appWhere[fact]));
    out.push(
      ...rows.map((r) => ({
        kind: 'application' as const,
        id: r.id,
        label: r.name,
        detail: r.vendor,
        source: r.source,
        updatedAt: iso(r.at),
      })),
    );
  }
  if (fact === 'sector_databases') {
    const b = FACT_TABLES.databases;
    const rows = await db
      .select({ id: b.id, name: b.name, entry: b.catalogueEntry, at: b.updatedAt, source: src })
      .from(b)
      .innerJoin(inventorySources, eq(inventorySources.id, b.sourceId))
      .where(and(eq(b.agencyId, agencyId), eq(b.status, 'active')));
    out.push(
      ...rows.map((r) => ({
        kind: 'database' as const,
        id: r.id,
        label: r.name,
        detail: r.entry,
        source: r.source,
        updatedAt: iso(r.at),
      })),
    );
  }
  return out;
}

/** One agency's row of the published view (null when it has no fact and no staff). */
export async function agencyFacts(db: Executor, agencyId: string): Promise<Record<string, unknown> | null> {
  const [r] = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT * FROM inventory_agency_facts WHERE agency_id = ${agencyId}`,
  );
  return r ?? null;
}

/** Every agency's row, for the province's view. */
export async function provinceFacts(db: Executor): Promise<Record<string, unknown>[]> {
  return queryRows(
    db,
    sql`SELECT f.*, a.name AS agency_name, a.code AS agency_code FROM inventory_agency_facts f JOIN agencies a ON a.id = f.agency_id
      WHERE a.active ORDER BY CASE f.agency_level WHEN 'province' THEN 0 WHEN 'department' THEN 1 WHEN 'district' THEN 2 WHEN 'commune' THEN 3 ELSE 4 END, a.name`,
  );
}
