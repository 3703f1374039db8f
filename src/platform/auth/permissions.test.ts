import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, flatScopes, grantCovers, type Grant, type Principal, type ScopeResolver, type Target } from './authorize.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import { isScopedRole, ROLES, type Role } from './roles.js';
import { testServer, type Client, type TestServer } from '../testing/index.js';
import { DEMO_ACCOUNTS } from '../../demo/accounts.js';

/**
 * A small directory, as the directory module would resolve it:
 *
 *   unit PROV (province)                      unit OTHER (another province)
 *     ├─ agency DEPT (a department)             └─ agency FAR
 *     │    └─ agency DEPT-SUB (its office)
 *     └─ unit COMMUNE
 *          └─ agency COMMUNE-PC (commune People's Committee)
 */
const UNIT_PARENT: Record<string, string | null> = { PROV: null, COMMUNE: 'PROV', OTHER: null };
const AGENCY: Record<string, { parent: string | null; unit: string | null }> = {
  DEPT: { parent: null, unit: 'PROV' },
  'DEPT-SUB': { parent: 'DEPT', unit: null },
  'COMMUNE-PC': { parent: null, unit: 'COMMUNE' },
  FAR: { parent: null, unit: 'OTHER' },
};

function chain(start: string, parentOf: (id: string) => string | null | undefined): string[] {
  const out: string[] = [];
  for (let id: string | null | undefined = start; id; id = parentOf(id)) out.push(id);
  return out;
}

const treeScopes: ScopeResolver = {
  agencyAncestors: async (id) => chain(id, (a) => AGENCY[a]?.parent),
  unitAncestors: async (id) => chain(id, (u) => UNIT_PARENT[u]),
  agencyUnit: async (id) => AGENCY[id]?.unit ?? null,
};

const grant = (role: Role, scopeKind: Grant['scopeKind'] = 'agency', scopeId: string | null = 'DEPT'): Grant =>
  role === 'citizen' ? { role, scopeKind: 'none', scopeId: null } : { role, scopeKind, scopeId };

const holding = (...grants: Grant[]): Principal => ({ accountId: 'a1', username: 'u', displayName: 'U', kind: 'person', grants, via: 'session' });

const ACTIONS = Object.keys(PERMISSIONS) as Permission[];
const listed = (action: Permission, role: Role) => (PERMISSIONS[action] as readonly Role[]).includes(role);

describe('the permission table, both ways', () => {
  it('lists only known roles and gives every action to at least one role', () => {
    for (const a of ACTIONS) {
      expect(PERMISSIONS[a].length, a).toBeGreaterThan(0);
      for (const r of PERMISSIONS[a]) expect(ROLES, `${a}: ${r}`).toContain(r);
    }
  });

  for (const action of ACTIONS) {
    describe(action, () => {
      for (const role of ROLES) {
        const may = listed(action, role);
        it(`${role} ${may ? 'may' : 'may not'} within its scope`, async () => {
          const p = holding(grant(role));
          expect(await can(p, action, { agencyId: 'DEPT' }, treeScopes)).toBe(may);
          expect(await can(p, action, {}, treeScopes)).toBe(may);
        });
        if (isScopedRole(role)) {
          it(`${role} may not outside its scope (another agency)`, async () => {
            expect(await can(holding(grant(role)), action, { agencyId: 'FAR' }, treeScopes)).toBe(false);
            expect(await can(holding(grant(role)), action, { unitId: 'OTHER' }, treeScopes)).toBe(false);
          });
        }
      }
    });
  }

  it('nobody may anything when not logged in', async () => {
    for (const a of ACTIONS) expect(await can(null, a, {}, treeScopes)).toBe(false);
  });
});

describe('scopes', () => {
  const covers = (g: Grant, t: Target) => grantCovers(g, t, treeScopes);

  it('an agency grant covers the agency and the agencies under it, nothing beside it', async () => {
    const g = grant('specialist', 'agency', 'DEPT');
    expect(await covers(g, { agencyId: 'DEPT' })).toBe(true);
    expect(await covers(g, { agencyId: 'DEPT-SUB' })).toBe(true);
    expect(await covers(g, { agencyId: 'COMMUNE-PC' })).toBe(false);
    expect(await covers(g, { agencyId: 'FAR' })).toBe(false);
  });

  it('a grant for a sub-agency does not reach up to its parent', async () => {
    expect(await covers(grant('leader', 'agency', 'DEPT-SUB'), { agencyId: 'DEPT' })).toBe(false);
  });

  it('an agency grant does not cover a target named only by its administrative unit', async () => {
    expect(await covers(grant('officer', 'agency', 'DEPT'), { unitId: 'PROV' })).toBe(false);
  });

  it('a unit grant covers its child units and the agencies inside them', async () => {
    const g = grant('admin', 'unit', 'PROV');
    expect(await covers(g, { unitId: 'PROV' })).toBe(true);
    expect(await covers(g, { unitId: 'COMMUNE' })).toBe(true);
    expect(await covers(g, { agencyId: 'COMMUNE-PC' })).toBe(true);
    expect(await covers(g, { agencyId: 'DEPT' })).toBe(true);
    // DEPT-SUB has no unit of its own: it is covered through its parent agency's unit.
    expect(await covers(g, { agencyId: 'DEPT-SUB' })).toBe(true);
  });

  it('a unit grant stops at the unit: not its parent, not another province', async () => {
    const g = grant('leader', 'unit', 'COMMUNE');
    expect(await covers(g, { unitId: 'COMMUNE' })).toBe(true);
    expect(await covers(g, { agencyId: 'COMMUNE-PC' })).toBe(true);
    expect(await covers(g, { unitId: 'PROV' })).toBe(false);
    expect(await covers(g, { agencyId: 'DEPT' })).toBe(false);
    expect(await covers(g, { agencyId: 'FAR' })).toBe(false);
    expect(await covers(g, { unitId: 'OTHER' })).toBe(false);
  });

  it('a unit-scoped role may act on an agency in a child unit, and may not in another province', async () => {
    const p = holding(grant('admin', 'unit', 'PROV'));
    expect(await can(p, 'directory.agency.manage', { agencyId: 'COMMUNE-PC' }, treeScopes)).toBe(true);
    expect(await can(p, 'directory.agency.manage', { agencyId: 'FAR' }, treeScopes)).toBe(false);
  });

  it('a scoped role granted without a scope covers nothing', async () => {
    const p = holding({ role: 'admin', scopeKind: 'none', scopeId: null });
    expect(await can(p, 'audit.read', {}, treeScopes)).toBe(false);
    expect(await can(p, 'audit.read', { agencyId: 'DEPT' }, treeScopes)).toBe(false);
  });

  it('a citizen holds the role without a scope', async () => {
    const p = holding(grant('citizen'));
    expect(await can(p, 'files.upload', { agencyId: 'FAR' }, treeScopes)).toBe(true);
  });

  it('each grant is checked on its own: a role in one scope does not lend its scope to another role', async () => {
    // admin of FAR's province and a specialist of DEPT: not an admin of DEPT.
    const p = holding(grant('admin', 'unit', 'OTHER'), grant('specialist', 'agency', 'DEPT'));
    expect(await can(p, 'directory.agency.manage', { agencyId: 'DEPT' }, treeScopes)).toBe(false);
    expect(await can(p, 'directory.agency.manage', { agencyId: 'FAR' }, treeScopes)).toBe(true);
    expect(await can(p, 'directory.read-private', { agencyId: 'DEPT' }, treeScopes)).toBe(true);
  });

  it('without a directory (flat scopes) a grant covers only its own id', async () => {
    const g = grant('admin', 'unit', 'PROV');
    expect(await grantCovers(g, { unitId: 'PROV' }, flatScopes)).toBe(true);
    expect(await grantCovers(g, { unitId: 'COMMUNE' }, flatScopes)).toBe(false);
  });
});

/** Real routes, real logins: each demo role against the permission each route checks. */
describe('routes enforce the table, both ways', () => {
  let s: TestServer;
  const clients = new Map<string, Client>();
  beforeAll(async () => {
    s = await testServer();
    for (const a of DEMO_ACCOUNTS) clients.set(a.username, await s.login(a.username));
  });
  afterAll(() => s.close());

  const ROUTES: { method: 'GET' | 'POST'; url: string; action: Permission; body?: unknown; ok: number }[] = [
    { method: 'GET', url: '/api/audit', action: 'audit.read', ok: 200 },
    { method: 'GET', url: '/api/audit/verify', action: 'audit.verify', ok: 200 },
    { method: 'GET', url: '/api/auth/tokens', action: 'tokens.own', ok: 200 },
    { method: 'POST', url: '/api/auth/tokens', action: 'tokens.own', body: { name: 'ci' }, ok: 201 },
  ];

  for (const r of ROUTES) {
    for (const a of DEMO_ACCOUNTS) {
      const may = listed(r.action, a.role);
      it(`${r.method} ${r.url}: ${a.username} (${a.role}) ${may ? 'may' : 'may not'} (${r.action})`, async () => {
        const c = clients.get(a.username)!;
        const res = r.method === 'GET' ? await c.get(r.url) : await c.post(r.url, r.body);
        if (may) {
          expect(res.statusCode, res.body).toBe(r.ok);
        } else {
          expect(res.statusCode, res.body).toBe(403);
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.json()).toMatchObject({ status: 403, code: 'forbidden', action: r.action });
        }
      });
    }
    it(`${r.method} ${r.url}: anonymous may not (401)`, async () => {
      const res = r.method === 'GET' ? await s.anonymous.get(r.url) : await s.anonymous.post(r.url, r.body);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ status: 401, code: 'unauthorized' });
    });
  }

  it('keeps the rows the issue names: audit for admin and leader only, no tokens for citizens', () => {
    expect(listed('audit.read', 'admin') && listed('audit.read', 'leader')).toBe(true);
    expect(listed('audit.read', 'officer') || listed('audit.read', 'citizen')).toBe(false);
    expect(listed('tokens.own', 'citizen')).toBe(false);
  });
});
