/** Accounts with chosen grants, made through the directory's API as an administrator would: for scope tests. */
import { createAccount, grantRole, type Grant } from '../platform/index.js';
import type { Client, TestServer } from '../platform/testing/index.js';
import { agencyByCode, agencyByKey } from './agencies.js';
import { unitByCode } from './units.js';

export const STAFF_PASSWORD = 'Thu-nghiem@2026';

let n = 0;

/** A new person holding these grants (created by the province's administrator), logged in. */
export async function staffWith(
  s: TestServer,
  grants: Grant[],
  opts: { agencyId?: string | null; username?: string } = {},
): Promise<Client> {
  const admin = await s.login('admin');
  const username = opts.username ?? `canbo${process.pid}x${++n}`;
  const r = await admin.post('/api/directory/people', {
    username,
    displayName: `Cán bộ thử ${n}`,
    password: STAFF_PASSWORD,
    agencyId: opts.agencyId ?? null,
    grants: grants.map((g) => ({ role: g.role, scopeKind: g.scopeKind, scopeId: g.scopeId })),
  });
  if (r.statusCode !== 201) throw new Error(`staffWith: ${r.statusCode} ${r.body}`);
  return s.login(username, STAFF_PASSWORD);
}

/** Another citizen (citizens sign up through the national identity provider; here, straight into the tables), logged in. */
export async function citizenAccount(s: TestServer, displayName = 'Trần Thị Thứ Hai'): Promise<Client> {
  const username = `congdan${process.pid}x${++n}`;
  const a = await createAccount(s.database.db, { username, displayName, password: STAFF_PASSWORD });
  await grantRole(s.database.db, a.id, { role: 'citizen', scopeKind: 'none', scopeId: null });
  return s.login(username, STAFF_PASSWORD);
}

/** A personal API token of this client's account (for Open311 and other connected systems). */
export async function apiTokenOf(c: Client): Promise<string> {
  const t = await c.post('/api/auth/tokens', { name: 'test client' });
  if (t.statusCode !== 201) throw new Error(`apiTokenOf: ${t.statusCode} ${t.body}`);
  return (t.json() as { token: string }).token;
}

/** The demo province's places by name, as directory ids. */
export async function demoPlaces(s: TestServer) {
  const db = s.database.db;
  const id = async <T extends { id: string } | null | undefined>(p: Promise<T>, what: string) => {
    const v = await p;
    if (!v) throw new Error(`demo directory: no ${what}`);
    return v.id;
  };
  return {
    province: await id(unitByCode(db, '46', '2025-08-01'), 'unit 46'),
    // Two wards of today's Huế (siblings) and their People's Committees.
    phuXuanWard: await id(unitByCode(db, '19753', '2025-08-01'), 'unit 19753'),
    thuanHoaWard: await id(unitByCode(db, '19789', '2025-08-01'), 'unit 19789'),
    phuXuanPc: await id(agencyByCode(db, '000.00.41.H57'), 'agency 000.00.41.H57'),
    thuanHoaPc: await id(agencyByCode(db, '000.00.42.H57'), 'agency 000.00.42.H57'),
    justice: await id(agencyByKey(db, 'STP'), 'agency STP'),
    construction: await id(agencyByCode(db, '000.00.05.H57'), 'agency 000.00.05.H57'),
    centre: await id(agencyByKey(db, 'TTHCC'), 'agency TTHCC'),
    police: await id(agencyByCode(db, '000.00.90.H57'), 'agency 000.00.90.H57'),
  };
}
