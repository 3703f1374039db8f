import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../testing/index.js';
import { queryRows } from '../db/client.js';
import { appendAuditBatch, type AuditEntry } from './audit.js';

let s: TestServer;
let admin: Client;
beforeAll(async () => {
  s = await testServer();
  admin = await s.login('admin');
});
afterAll(() => s.close());

const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(s.database.db, q))[0]!;
const row = (targetType: string, targetId: string | null): AuditEntry => ({
  actorId: null,
  actorLabel: 'test',
  action: 'test.names',
  targetType,
  targetId,
});
const named = async (targetType: string, targetId: string) => {
  const r = await admin.get(`/api/audit?targetType=${targetType}&targetId=${encodeURIComponent(targetId)}&limit=1`);
  expect(r.statusCode).toBe(200);
  return r.json().items[0] as { targetId: string; targetName: unknown };
};

describe('the audit log names the objects its rows concern', () => {
  it('names an agency, a unit, a person, an account, a procedure and a dossier, keeping their ids', async () => {
    const agency = await one<{ id: string; name: string }>(sql`SELECT id, name FROM agencies ORDER BY code LIMIT 1`);
    const unit = await one<{ id: string; name: string; code: string }>(
      sql`SELECT id, name, code FROM admin_units ORDER BY code LIMIT 1`,
    );
    const person = await one<{ id: string; name: string }>(
      sql`SELECT p.id, a.display_name AS name FROM people p JOIN accounts a ON a.id = p.account_id LIMIT 1`,
    );
    const account = await one<{ id: string; username: string }>(
      sql`SELECT id, username FROM accounts ORDER BY username LIMIT 1`,
    );
    const procedure = await one<{ id: string; code: string; name: string }>(
      sql`SELECT id, code, name FROM procedures ORDER BY code LIMIT 1`,
    );
    const dossier = (
      await queryRows<{ id: string; code: string }>(s.database.db, sql`SELECT id, code FROM dossiers LIMIT 1`)
    )[0];
    await appendAuditBatch(s.database.db, [
      row('agency', agency.id),
      row('admin_unit', unit.id),
      row('person', person.id),
      row('account', account.id),
      row('procedure', procedure.id),
      ...(dossier ? [row('dossier', dossier.id)] : []),
    ]);

    expect(await named('agency', agency.id)).toMatchObject({ targetId: agency.id, targetName: agency.name });
    expect(await named('admin_unit', unit.id)).toMatchObject({ targetName: `${unit.name} (${unit.code})` });
    expect(await named('person', person.id)).toMatchObject({ targetName: person.name });
    expect(await named('account', account.id)).toMatchObject({ targetName: account.username });
    const proc = await named('procedure', procedure.id);
    expect(proc.targetName).toMatchObject({ vi: `${procedure.code} — ${procedure.name}` });
    if (dossier) expect(await named('dossier', dossier.id)).toMatchObject({ targetName: dossier.code });
  });

  it('leaves the name empty for a type no module names, a deleted object and an id that is not a uuid', async () => {
    const gone = crypto.randomUUID();
    await appendAuditBatch(s.database.db, [
      row('agency', gone),
      row('agency', 'not-a-uuid'),
      row('calendar-override', '2026-01-01'),
    ]);
    expect(await named('agency', gone)).toMatchObject({ targetId: gone, targetName: null });
    expect(await named('agency', 'not-a-uuid')).toMatchObject({ targetName: null });
    expect(await named('calendar-override', '2026-01-01')).toMatchObject({ targetName: null });
  });
});
