import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  can,
  coverageOf,
  flatScopes,
  grantCovers,
  PROVINCE,
  type Coverage,
  type Grant,
  type Principal,
  type ScopeResolver,
  type Target,
} from './authorize.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import { ROLES, type Role } from './roles.js';
import { testServer, type Client, type TestServer } from '../testing/index.js';
import { DEMO_ACCOUNTS } from '../../demo/accounts.js';

/**
 * Who may do what, written out here by hand and not read from PERMISSIONS: giving a citizen the
 * approve permission, or dropping a role from a row, must turn this test red. Columns are roles:
 *   cit citizen · off officer · spe specialist · lea leader · cle clerk · adm admin · aud auditor · sys system
 */
const COLUMNS: Role[] = ['citizen', 'officer', 'specialist', 'leader', 'clerk', 'admin', 'auditor', 'system'];
// prettier-ignore
const EXPECTED: Record<string, string> = {
  //                             cit off spe lea cle adm aud sys
  'audit.read':                 ' .   .   .   Y   .   Y   Y   . ',
  'audit.verify':               ' .   .   .   .   .   Y   Y   . ',
  'backups.manage':             ' .   .   .   .   .   Y   .   . ',
  'backups.status':             ' .   .   .   Y   .   Y   Y   . ',
  'calendar.manage':            ' .   .   .   .   .   Y   .   . ',
  'files.upload':               ' Y   Y   Y   Y   Y   Y   .   Y ',
  'tokens.own':                 ' .   Y   Y   Y   Y   Y   .   Y ',
  'directory.read-private':     ' .   Y   Y   Y   Y   Y   .   Y ',
  'directory.unit.manage':      ' .   .   .   .   .   Y   .   . ',
  'directory.agency.manage':    ' .   .   .   .   .   Y   .   . ',
  'directory.person.manage':    ' .   .   .   .   .   Y   .   . ',
  'directory.grant.manage':     ' .   .   .   .   .   Y   .   . ',
  'procedures.manage':          ' .   .   .   .   .   Y   .   . ',
  'feedback.handle':            ' .   Y   Y   Y   Y   Y   .   . ',
  'feedback.intake':            ' .   Y   Y   Y   Y   Y   .   . ',
  'feedback.read-private':      ' .   Y   Y   Y   Y   Y   .   . ',
  'feedback.stats':             ' .   .   Y   Y   .   Y   .   . ',
  'feedback.manage':            ' .   .   .   .   .   Y   .   . ',
  'feedback.open311-post':      ' .   Y   Y   Y   Y   Y   .   Y ',
  'dossiers.submit':            ' Y   .   .   .   .   .   .   . ',
  'dossiers.read':              ' .   Y   Y   Y   Y   Y   .   . ',
  'dossiers.receive':           ' .   Y   .   .   .   .   .   . ',
  'dossiers.assign':            ' .   Y   .   Y   .   .   .   . ',
  'dossiers.process':           ' .   Y   Y   Y   Y   .   .   . ',
  'dossiers.request-supplement':' .   Y   Y   Y   .   .   .   . ',
  'dossiers.refuse':            ' .   Y   Y   Y   .   .   .   . ',
  'dossiers.approve':           ' .   .   .   Y   .   .   .   . ',
  'dossiers.result':            ' .   Y   Y   Y   Y   .   .   . ',
  'dossiers.suspend':           ' .   .   .   Y   .   .   .   . ',
  'dossiers.apologize':         ' .   Y   Y   Y   .   .   .   . ',
  'dossiers.stats':             ' .   Y   .   Y   .   Y   .   . ',
  'payments.confirm':           ' .   Y   .   .   .   .   .   . ',
  'opendata.manage':            ' .   Y   Y   Y   Y   Y   .   Y ',
  'gateway.manage':             ' .   .   .   .   .   Y   .   . ',
  'gateway.consume':            ' .   Y   Y   Y   Y   Y   .   Y ',
  'gateway.approve':            ' .   .   .   Y   .   Y   .   . ',
  'gateway.monitor':            ' .   .   .   Y   .   Y   Y   . ',
  'opendata.publish':           ' .   .   .   Y   .   Y   .   . ',
  'repository.verify':          ' .   Y   .   .   .   .   .   . ',
  'questions.answer':           ' .   Y   Y   Y   .   .   .   . ',
  'documents.read':             ' .   .   Y   Y   Y   Y   .   . ',
  'documents.register':         ' .   .   .   .   Y   .   .   . ',
  'documents.assign':           ' .   .   .   Y   .   .   .   . ',
  'documents.handle':           ' .   .   Y   Y   Y   .   .   . ',
  'documents.draft':            ' .   .   Y   Y   Y   .   .   . ',
  'documents.review':           ' .   .   .   Y   .   .   .   . ',
  'documents.approve':          ' .   .   .   Y   .   .   .   . ',
  'documents.sign':             ' .   .   .   Y   .   .   .   . ',
  'documents.issue':            ' .   .   .   .   Y   .   .   . ',
  'documents.send':             ' .   .   .   .   Y   .   .   . ',
  'documents.receive':          ' .   .   .   .   Y   .   .   . ',
  'documents.registers.manage': ' .   .   .   .   Y   Y   .   . ',
  'documents.work-records':     ' .   .   Y   Y   Y   .   .   . ',
  'documents.stats':            ' .   .   .   Y   Y   Y   .   . ',
  'documents.manage':           ' .   .   .   .   .   Y   .   . ',
  'inventory.view':             ' .   .   Y   Y   .   Y   Y   Y ',
  'inventory.manage':           ' .   .   Y   Y   .   Y   .   . ',
  'inventory.import':           ' .   .   Y   .   .   Y   .   Y ',
  'reporting.read':             ' .   Y   Y   Y   Y   Y   Y   . ',
  'reporting.report':           ' .   Y   Y   Y   Y   .   .   . ',
  'reporting.review':           ' .   .   Y   Y   .   .   .   . ',
  'reporting.approve':          ' .   .   .   Y   .   .   .   . ',
  'reporting.manage':           ' .   .   .   .   .   Y   .   . ',
  'reporting.refresh':          ' .   .   .   Y   .   Y   .   Y ',
  'area.workspace':             ' .   Y   Y   Y   Y   .   .   . ',
  'area.ioc':                   ' .   .   .   Y   .   Y   .   . ',
  'area.admin':                 ' .   .   .   .   .   Y   .   . ',
};
const expectedMay = (action: string, role: Role) =>
  EXPECTED[action]!.trim().split(/\s+/)[COLUMNS.indexOf(role)] === 'Y';

/**
 * A small directory, as the directory module would resolve it (three levels, as before the 2025 reform):
 *
 *   unit PROV (the province)                                      unit OTHER (another province)
 *     ├─ agency DEPT (a department) ── agency DEPT-SUB (its office)   └─ agency FAR
 *     ├─ agency DEPT2 (another department)
 *     ├─ unit DISTRICT ── unit COMMUNE ── agency COMMUNE-PC (commune People's Committee)
 *     └─ unit DISTRICT2
 */
const UNIT_PARENT: Record<string, string | null> = {
  PROV: null,
  DISTRICT: 'PROV',
  DISTRICT2: 'PROV',
  COMMUNE: 'DISTRICT',
  OTHER: null,
};
const AGENCY: Record<string, { parent: string | null; unit: string | null }> = {
  DEPT: { parent: null, unit: 'PROV' },
  DEPT2: { parent: null, unit: 'PROV' },
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
  provinceUnitIds: async () => ['PROV'],
  async coverage(grants): Promise<Coverage> {
    const units = Object.keys(UNIT_PARENT).filter((u) =>
      grants.some((g) => g.scopeKind === 'unit' && chain(u, (x) => UNIT_PARENT[x]).includes(g.scopeId!)),
    );
    const agencies = Object.keys(AGENCY).filter((a) =>
      grants.some((g) =>
        g.scopeKind === 'agency'
          ? chain(a, (x) => AGENCY[x]?.parent).includes(g.scopeId!)
          : chain(a, (x) => AGENCY[x]?.parent).some((x) => AGENCY[x]?.unit && units.includes(AGENCY[x]!.unit!)),
      ),
    );
    return { province: false, agencyIds: agencies, unitIds: units };
  },
};

const grant = (role: Role, scopeKind: Grant['scopeKind'], scopeId: string | null): Grant =>
  role === 'citizen' ? { role, scopeKind: 'none', scopeId: null } : { role, scopeKind, scopeId };
const holding = (...grants: Grant[]): Principal => ({
  accountId: 'a1',
  username: 'u',
  displayName: 'U',
  kind: 'person',
  grants,
  via: 'session',
});
const ACTIONS = Object.keys(PERMISSIONS) as Permission[];

describe('the permission table, against the table written by hand', () => {
  it('names the same permissions and only known roles', () => {
    expect(ACTIONS.slice().sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...ROLES].sort()).toEqual([...COLUMNS].sort());
  });

  for (const action of ACTIONS) {
    for (const role of COLUMNS) {
      const may = expectedMay(action, role);
      it(`${action}: ${role} ${may ? 'may' : 'may not'}, holding the role where the action is`, async () => {
        // A grant exactly on the target: the only thing left to decide is the role.
        expect(await can(holding(grant(role, 'agency', 'DEPT')), action, { agencyId: 'DEPT' }, treeScopes)).toBe(may);
        expect(await can(holding(grant(role, 'unit', 'PROV')), action, PROVINCE, treeScopes)).toBe(may);
      });
    }
  }

  it('nobody may anything when not logged in', async () => {
    for (const a of ACTIONS) expect(await can(null, a, PROVINCE, treeScopes)).toBe(false);
  });
});

/**
 * Every permission, for every role that holds it, with a grant of the right scope, of a sibling scope
 * and of a child scope: only the right one (or one above it) reaches the target.
 */
describe('the permission table with scope: right, sibling and child grants', () => {
  const cases: {
    what: string;
    target: Target;
    right: [Grant['scopeKind'], string];
    sibling: [Grant['scopeKind'], string];
    child: [Grant['scopeKind'], string];
  }[] = [
    {
      what: 'an agency',
      target: { agencyId: 'DEPT' },
      right: ['agency', 'DEPT'],
      sibling: ['agency', 'DEPT2'],
      child: ['agency', 'DEPT-SUB'],
    },
    {
      what: 'a unit',
      target: { unitId: 'DISTRICT' },
      right: ['unit', 'DISTRICT'],
      sibling: ['unit', 'DISTRICT2'],
      child: ['unit', 'COMMUNE'],
    },
    {
      what: 'the province',
      target: PROVINCE,
      right: ['unit', 'PROV'],
      sibling: ['unit', 'OTHER'],
      child: ['unit', 'DISTRICT'],
    },
  ];
  for (const action of ACTIONS) {
    for (const role of COLUMNS.filter((r) => r !== 'citizen' && expectedMay(action, r))) {
      for (const c of cases) {
        it(`${action} by ${role} on ${c.what}: the right scope may, a sibling and a child may not`, async () => {
          expect(await can(holding(grant(role, ...c.right)), action, c.target, treeScopes)).toBe(true);
          expect(await can(holding(grant(role, ...c.sibling)), action, c.target, treeScopes)).toBe(false);
          expect(await can(holding(grant(role, ...c.child)), action, c.target, treeScopes)).toBe(false);
        });
      }
    }
  }

  it('a citizen holds the role without a scope: the route decides on ownership', async () => {
    expect(await can(holding(grant('citizen', 'none', null)), 'dossiers.submit', { agencyId: 'FAR' }, treeScopes)).toBe(
      true,
    );
    expect(await can(holding(grant('citizen', 'none', null)), 'dossiers.read', { agencyId: 'FAR' }, treeScopes)).toBe(
      false,
    );
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

  it('an agency grant does not cover a target named only by its administrative unit, nor the province', async () => {
    expect(await covers(grant('officer', 'agency', 'DEPT'), { unitId: 'PROV' })).toBe(false);
    expect(await covers(grant('admin', 'agency', 'DEPT'), PROVINCE)).toBe(false);
  });

  it('a unit grant covers its child units and the agencies inside them', async () => {
    const g = grant('admin', 'unit', 'PROV');
    expect(await covers(g, { unitId: 'COMMUNE' })).toBe(true);
    expect(await covers(g, { agencyId: 'COMMUNE-PC' })).toBe(true);
    // DEPT-SUB has no unit of its own: it is covered through its parent agency's unit.
    expect(await covers(g, { agencyId: 'DEPT-SUB' })).toBe(true);
    expect(await covers(g, { agencyId: 'FAR' })).toBe(false);
  });

  it('only a grant on the province’s own unit covers the province, not a district’s nor another province’s', async () => {
    expect(await covers(grant('admin', 'unit', 'PROV'), PROVINCE)).toBe(true);
    expect(await covers(grant('admin', 'unit', 'DISTRICT'), PROVINCE)).toBe(false);
    expect(await covers(grant('admin', 'unit', 'OTHER'), PROVINCE)).toBe(false);
  });

  it('a target that names no scope, or two, is covered by nothing (the type forbids it; the check holds at run time too)', async () => {
    const g = grant('admin', 'unit', 'PROV');
    expect(await covers(g, {} as Target)).toBe(false);
    expect(await covers(g, { agencyId: 'DEPT', unitId: 'PROV' } as unknown as Target)).toBe(false);
    expect(await covers(g, { agencyId: '' } as Target)).toBe(false);
    expect(await covers(g, { agencyId: null } as unknown as Target)).toBe(false);
  });

  it('a scoped role granted without a scope covers nothing', async () => {
    const p = holding({ role: 'admin', scopeKind: 'none', scopeId: null });
    expect(await can(p, 'audit.read', PROVINCE, treeScopes)).toBe(false);
    expect(await can(p, 'audit.read', { agencyId: 'DEPT' }, treeScopes)).toBe(false);
  });

  it('each grant is checked on its own: a role in one scope does not lend its scope to another role', async () => {
    const p = holding(grant('admin', 'unit', 'OTHER'), grant('specialist', 'agency', 'DEPT'));
    expect(await can(p, 'directory.agency.manage', { agencyId: 'DEPT' }, treeScopes)).toBe(false);
    expect(await can(p, 'directory.agency.manage', { agencyId: 'FAR' }, treeScopes)).toBe(true);
    expect(await can(p, 'directory.read-private', { agencyId: 'DEPT' }, treeScopes)).toBe(true);
  });

  it('coverage lists what the grants reach for one permission, and says province only for a province-level grant', async () => {
    const district = await coverageOf(
      holding(grant('admin', 'unit', 'DISTRICT'), grant('leader', 'agency', 'DEPT2')),
      'audit.read',
      treeScopes,
    );
    expect(district.province).toBe(false);
    expect(district.unitIds.sort()).toEqual(['COMMUNE', 'DISTRICT']);
    expect(district.agencyIds.sort()).toEqual(['COMMUNE-PC', 'DEPT2']);
    expect((await coverageOf(holding(grant('admin', 'unit', 'PROV')), 'audit.read', treeScopes)).province).toBe(true);
    expect(
      (await coverageOf(holding(grant('specialist', 'unit', 'PROV')), 'audit.read', treeScopes)).agencyIds,
    ).toEqual([]);
  });

  it('without a directory (flat scopes) a grant covers only its own id and nothing is the province', async () => {
    const g = grant('admin', 'unit', 'PROV');
    expect(await grantCovers(g, { unitId: 'PROV' }, flatScopes)).toBe(true);
    expect(await grantCovers(g, { unitId: 'COMMUNE' }, flatScopes)).toBe(false);
    expect(await grantCovers(g, PROVINCE, flatScopes)).toBe(false);
  });
});

/** Real routes, real logins: each demo account against what the route checks. */
describe('routes enforce the table, both ways', () => {
  let s: TestServer;
  const clients = new Map<string, Client>();
  beforeAll(async () => {
    s = await testServer();
    for (const a of DEMO_ACCOUNTS) clients.set(a.username, await s.login(a.username));
  });
  afterAll(() => s.close());

  // The demo's admin is the province's; its leader is a department's: the audit trail's verification is the province's.
  const ROUTES: {
    method: 'GET' | 'POST';
    url: string;
    action: Permission;
    may: string[];
    body?: unknown;
    ok: number;
  }[] = [
    { method: 'GET', url: '/api/audit', action: 'audit.read', may: ['admin', 'lanhdao', 'kiemtra'], ok: 200 },
    { method: 'GET', url: '/api/audit/verify', action: 'audit.verify', may: ['admin', 'kiemtra'], ok: 200 },
    { method: 'GET', url: '/api/backups', action: 'backups.manage', may: ['admin'], ok: 200 },
    { method: 'GET', url: '/api/backups/status', action: 'backups.status', may: ['admin', 'kiemtra'], ok: 200 },
    {
      method: 'GET',
      url: '/api/auth/tokens',
      action: 'tokens.own',
      may: ['admin', 'motcua', 'chuyenvien', 'lanhdao', 'vanthu', 'congan'],
      ok: 200,
    },
    {
      method: 'POST',
      url: '/api/auth/tokens',
      action: 'tokens.own',
      may: ['admin', 'motcua', 'chuyenvien', 'lanhdao', 'vanthu', 'congan'],
      body: { name: 'ci' },
      ok: 201,
    },
    {
      method: 'GET',
      url: '/api/directory/people',
      action: 'directory.read-private',
      may: ['admin', 'motcua', 'chuyenvien', 'lanhdao', 'vanthu', 'congan'],
      ok: 200,
    },
    {
      method: 'GET',
      url: '/api/feedback/stats',
      action: 'feedback.stats',
      may: ['admin', 'chuyenvien', 'lanhdao', 'congan'],
      ok: 200,
    },
    { method: 'GET', url: '/api/feedback/settings', action: 'feedback.manage', may: ['admin'], ok: 200 },
  ];

  for (const r of ROUTES) {
    for (const a of DEMO_ACCOUNTS) {
      const may = r.may.includes(a.username);
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
});
