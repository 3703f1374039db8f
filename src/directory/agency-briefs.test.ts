/**
 * The agencies the dossier intake reads from the process cache: what the table holds, and at once
 * what an administrator changed through the directory's routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../platform/testing/index.js';
import { agencyBriefs } from './agency-briefs.js';
import { agencyByKey } from './agencies.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => s?.close());

describe('agency briefs', () => {
  it('answers the agencies that exist, leaves out unknown ids and ids that are no uuid', async () => {
    const stp = (await agencyByKey(s.ctx.db, 'STP'))!;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const got = await agencyBriefs(s.ctx.db, [stp.id, unknown, 'not-a-uuid', stp.id]);
    expect([...got.keys()]).toEqual([stp.id]);
    expect(got.get(stp.id)).toEqual({ id: stp.id, code: stp.code, name: stp.name, level: 'department', active: true });
    // A second ask is answered from the cache, and still leaves the unknown one out.
    expect([...(await agencyBriefs(s.ctx.db, [unknown, stp.id])).keys()]).toEqual([stp.id]);
  });

  it('sees a change made through the directory routes at once, though the old answer was cached', async () => {
    const admin = await s.login('admin');
    const stp = (await agencyByKey(s.ctx.db, 'STP'))!;
    expect((await agencyBriefs(s.ctx.db, [stp.id])).get(stp.id)!.active).toBe(true);
    const r = await admin.patch(`/api/directory/agencies/${stp.id}`, { active: false, name: 'Sở Tư pháp (tạm ngừng)' });
    expect(r.statusCode, r.body).toBe(200);
    expect((await agencyBriefs(s.ctx.db, [stp.id])).get(stp.id)).toMatchObject({
      active: false,
      name: 'Sở Tư pháp (tạm ngừng)',
    });
  });
});
