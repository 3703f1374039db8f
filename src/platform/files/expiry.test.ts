/** Issue 8 item 13: uploads that no record names expire; what a record names is kept, even when named mid-expiry. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { testServer, type Client, type TestServer } from '../testing/index.js';
import { expireUnattached } from './expiry.js';
import { holdExpiry } from './references.js';
import { multipartBody, pdfBytes } from './test-fixtures.js';

let s: TestServer;
let citizen: Client;
const TTL = 72 * 3_600_000;
/** A moment past every upload's time to live: the expiry is run at it rather than waited for. */
const later = () => new Date(Date.now() + TTL + 3_600_000);

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  await s.database.db.execute(sql`CREATE TABLE test_file_refs (sha256 text NOT NULL)`);
  await s.database.db.execute(sql`CREATE TABLE test_file_waiting (sha256 text NOT NULL)`);
  s.ctx.files.references
    .keep('test_file_refs', (c) => sql`SELECT sha256 FROM test_file_refs WHERE sha256 IN ${c}`)
    .release('test_file_waiting', (c) => sql`DELETE FROM test_file_waiting WHERE sha256 IN ${c}`);
});
afterAll(() => s.close());

const upload = async (text: string) => {
  const r = await citizen.request({
    method: 'POST',
    url: '/api/files',
    ...multipartBody(pdfBytes(text), { filename: 'a.pdf', contentType: 'application/pdf' }),
  });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { sha256: string }).sha256;
};
const rows = async (table: string, sha: string) =>
  Number(
    (
      await queryRows<{ n: number }>(
        s.database.db,
        sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE sha256 = ${sha}`,
      )
    )[0]!.n,
  );
const expire = (now = later()) =>
  expireUnattached(s.database.db, s.ctx.files.store, s.ctx.files.references, { ttlMs: TTL, now });

describe('unattached uploads expire', () => {
  it('removes the rows and bytes of an upload nothing names, keeps what a dossier names, and leaves fresh uploads alone', async () => {
    const lonely = await upload('never used');
    const paper = await upload('a dossier paper');
    const proc = (await s.anonymous.get('/api/procedures/2.000488')).json() as {
      id: string;
      agencyId: string;
      papers: { id: string; mandatory: boolean }[];
    };
    const d = await citizen.post('/api/dossiers', {
      procedureId: proc.id,
      formData: {
        applicantName: 'Hoàng Văn Dân',
        applicantIdNumber: '046090001234',
        applicantAddress: 'Huế',
        birthDate: '1990-05-12',
        slipKind: '1',
        copies: 1,
        purpose: 'Xin việc',
      },
      attachments: proc.papers.filter((p) => p.mandatory).map((p) => ({ paperId: p.id, files: [paper] })),
    });
    expect(d.statusCode, d.body).toBe(201);
    await s.database.db.execute(sql`INSERT INTO test_file_waiting VALUES (${lonely})`);

    // Within the time to live nothing moves.
    expect(await expire(new Date())).toEqual({ kept: 0, removed: 0 });
    expect(await rows('files', lonely)).toBe(1);

    const result = await expire();
    expect(result.removed).toBeGreaterThanOrEqual(1);
    expect(await rows('files', lonely)).toBe(0);
    expect(await rows('file_uploads', lonely)).toBe(0);
    expect(await rows('test_file_waiting', lonely)).toBe(0);
    expect(await s.ctx.files.store.has(lonely)).toBe(false);
    expect((await citizen.get(`/api/files/${lonely}`)).statusCode).toBe(404);

    expect(await rows('files', paper)).toBe(1);
    expect(await s.ctx.files.store.has(paper)).toBe(true);
    const [kept] = await queryRows<{ kept_at: string | null }>(
      s.database.db,
      sql`SELECT kept_at FROM files WHERE sha256 = ${paper}`,
    );
    expect(kept!.kept_at).not.toBeNull();
    // A kept file is not looked at again.
    expect(await expire()).toEqual({ kept: 0, removed: 0 });
  });

  it('sending the same bytes again starts the upload’s time anew', async () => {
    const sha = await upload('sent twice');
    await s.database.db.execute(
      sql`UPDATE file_uploads SET uploaded_at = now() - interval '100 hours' WHERE sha256 = ${sha}`,
    );
    await s.database.db.execute(sql`UPDATE files SET created_at = now() - interval '100 hours' WHERE sha256 = ${sha}`);
    expect(await upload('sent twice')).toBe(sha);
    await expire(new Date());
    expect(await rows('files', sha)).toBe(1);
  });

  it('keeps an upload that a transaction names while the expiry runs', async () => {
    const sha = await upload('named mid-expiry');
    let running: Promise<unknown> | undefined;
    await s.database.db.transaction(async (tx) => {
      // This transaction checked the upload and is about to name it, as the dossier intake does.
      await holdExpiry(tx);
      let settled = false;
      running = expire().finally(() => (settled = true));
      if (s.database.kind === 'postgres') {
        // Wait until the expiry queues behind this transaction's hold (PGlite runs one transaction at a time anyway).
        const waiting = async () => {
          while (!settled) {
            const [w] = await queryRows<{ n: number }>(
              s.database.db,
              sql`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
            );
            if (Number(w!.n) > 0) return;
            await new Promise((r) => setImmediate(r));
          }
        };
        await Promise.race([running, waiting()]);
      }
      await tx.execute(sql`INSERT INTO test_file_refs VALUES (${sha})`);
    });
    await running;
    expect(await rows('files', sha)).toBe(1);
    expect(await s.ctx.files.store.has(sha)).toBe(true);
  });
});
