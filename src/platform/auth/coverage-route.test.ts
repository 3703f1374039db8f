import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../testing/index.js';
import { queryRows } from '../db/client.js';
import { createAccount, grantRole } from './accounts.js';
import { DEMO_PASSWORD } from '../../demo/accounts.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(() => s.close());

describe('GET /api/auth/coverage', () => {
  it('tells the province administrator he reaches everything', async () => {
    const r = await (await s.login('admin')).get('/api/auth/coverage?action=directory.agency.manage');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ action: 'directory.agency.manage', province: true, agencyIds: [], unitIds: [] });
  });

  it('tells an agency administrator his agency and those below it, not a sibling', async () => {
    const [parent] = await queryRows<{ id: string }>(
      s.database.db,
      sql`SELECT p.id FROM agencies p WHERE EXISTS (SELECT 1 FROM agencies c WHERE c.parent_id = p.id) ORDER BY p.code LIMIT 1`,
    );
    const children = await queryRows<{ id: string }>(
      s.database.db,
      sql`SELECT id FROM agencies WHERE parent_id = ${parent!.id}`,
    );
    // An agency outside his subtree (another department, another commune).
    const [sibling] = await queryRows<{ id: string }>(
      s.database.db,
      sql`WITH RECURSIVE below(id) AS (SELECT ${parent!.id}::uuid UNION SELECT a.id FROM agencies a JOIN below ON a.parent_id = below.id)
          SELECT id FROM agencies WHERE id NOT IN (SELECT id FROM below) LIMIT 1`,
    );
    const acc = await createAccount(s.database.db, {
      username: 'qt-coquan',
      displayName: 'Quản trị cơ quan',
      password: DEMO_PASSWORD,
    });
    await grantRole(s.database.db, acc.id, { role: 'admin', scopeKind: 'agency', scopeId: parent!.id });
    const admin = await s.login('qt-coquan');

    const r = (await admin.get('/api/auth/coverage?action=directory.agency.manage')).json();
    expect(r.province).toBe(false);
    expect(r.agencyIds).toEqual(expect.arrayContaining([parent!.id, ...children.map((c) => c.id)]));
    expect(r.agencyIds).not.toContain(sibling!.id);
    // A role he does not hold reaches nothing.
    expect((await admin.get('/api/auth/coverage?action=dossiers.receive')).json()).toMatchObject({
      province: false,
      agencyIds: [],
      unitIds: [],
    });
  });

  it('refuses an unknown action and an anonymous caller', async () => {
    expect((await (await s.login('admin')).get('/api/auth/coverage?action=everything')).statusCode).toBe(400);
    expect((await s.anonymous.get('/api/auth/coverage?action=procedures.manage')).statusCode).toBe(401);
  });
});
