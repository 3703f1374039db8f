import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeGrants } from '../platform/index.js';
import { agencyByCode, personByAccount } from '../directory/index.js';
import { getProcedure } from '../procedures/index.js';
import { testServer, type TestServer } from '../platform/testing/index.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => s?.close());

describe('the demo police account (congan)', () => {
  it('logs in with the demo password, as a specialist of Huế’s police with a profile there', async () => {
    const police = (await agencyByCode(s.ctx.db, '000.00.90.H57'))!;
    const c = await s.login('congan');
    const grants = await activeGrants(s.ctx.db, c.accountId!);
    expect(grants.map((g) => [g.role, g.scopeKind, g.scopeId])).toEqual([['specialist', 'agency', police.id]]);
    expect((await personByAccount(s.ctx.db, c.accountId!))?.agencyId).toBe(police.id);
  });

  it('is at the agency of the police step of the shipped judicial record procedure', async () => {
    const p = (await getProcedure(s.ctx.db, '2.000488'))!;
    const step = p.workflow.find((w) => w.agencyMode === 'fixed');
    expect(step?.agencyId).toBe((await agencyByCode(s.ctx.db, '000.00.90.H57'))!.id);
  });
});
