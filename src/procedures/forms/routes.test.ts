import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { testServer, type TestServer } from '../../platform/testing/index.js';
import { queryRows } from '../../platform/index.js';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(() => s?.close());

async function dossier(status: 'submitted' | 'received') {
  const [p] = await queryRows<{ id: string; agency_id: string; name: string }>(s.database.db, sql`SELECT id, agency_id, name FROM procedures WHERE agency_id IS NOT NULL ORDER BY code LIMIT 1`);
  const [desk] = await queryRows<{ id: string }>(s.database.db, sql`SELECT id FROM agencies WHERE code = '000.01.01.H57'`);
  const [acct] = await queryRows<{ id: string }>(s.database.db, sql`SELECT id FROM accounts WHERE username = 'congdan'`);
  const code = `000.01.01.H57-261123-${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const received = status === 'received';
  const [d] = await queryRows<{ id: string }>(
    s.database.db,
    sql`INSERT INTO dossiers (code, procedure_id, agency_id, receiving_agency_id, current_agency_id, applicant_account_id, applicant_name, channel, status, submitted_at, received_at, due_at)
        VALUES (${code}, ${p!.id}, ${p!.agency_id}, ${desk!.id}, ${p!.agency_id}, ${acct!.id}, 'Phan Văn Đức', 'counter', ${status}, now(),
                ${received ? sql`'2026-11-23T02:00:00Z'::timestamptz` : sql`NULL`}, ${received ? sql`'2026-11-25T09:30:00Z'::timestamptz` : sql`NULL`}) RETURNING id`,
  );
  if (received) await s.database.db.execute(sql`INSERT INTO dossier_actions (dossier_id, seq, action, actor_label, at, to_status) VALUES (${d!.id}, 1, 'receive', 'motcua', now(), 'received')`);
  return { id: d!.id, code, procedure: p!.name };
}

describe('GET /api/dossiers/:id/receipt.pdf', () => {
  it('gives the applicant the receipt with the procedure, the papers and the appointment', async () => {
    const d = await dossier('received');
    const r = await (await s.login('congdan')).get(`/api/dossiers/${d.id}/receipt.pdf`);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(r.rawPayload)), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(flat).toContain(d.code);
    expect(flat).toContain('Phan Văn Đức');
    expect(flat).toContain('16 giờ 30 phút, ngày 25/11/2026');
  });

  it('is not found for someone else and refused before receipt', async () => {
    const d = await dossier('received');
    expect((await (await s.login('lanhdao')).get(`/api/dossiers/${d.id}/receipt.pdf`)).statusCode).toBe(404);
    expect((await s.anonymous.get(`/api/dossiers/${d.id}/receipt.pdf`)).statusCode).toBe(401);
    const early = await dossier('submitted');
    const r = await (await s.login('congdan')).get(`/api/dossiers/${early.id}/receipt.pdf`);
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('not-received');
    expect((await (await s.login('congdan')).get(`/api/dossiers/${d.id}/apology.pdf`)).json().code).toBe('no-apology');
  });
});

describe('GET /api/dossiers/:id/files/:sha256', () => {
  it('lets the applicant download the result a specialist uploaded, and nothing else', async () => {
    const d = await dossier('received');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const blob = await s.ctx.files.put(pdf);
    const [spec] = await queryRows<{ id: string }>(s.database.db, sql`SELECT id FROM accounts WHERE username = 'chuyenvien'`);
    await s.ctx.files.record(s.database.db, blob, { accountId: spec!.id, filename: 'ket-qua.pdf' });
    await s.database.db.execute(sql`UPDATE dossiers SET result_sha256 = ${blob.sha256} WHERE id = ${d.id}`);
    const citizen = await s.login('congdan');
    // The file store itself serves only the uploader and staff …
    expect((await citizen.get(`/api/files/${blob.sha256}`)).statusCode).toBe(404);
    // … the dossier serves its applicant.
    const r = await citizen.get(`/api/dossiers/${d.id}/files/${blob.sha256}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.rawPayload.equals(pdf)).toBe(true);
    const other = await dossier('received');
    expect((await citizen.get(`/api/dossiers/${other.id}/files/${blob.sha256}`)).statusCode).toBe(404);
    expect((await (await s.login('lanhdao')).get(`/api/dossiers/${d.id}/files/${blob.sha256}`)).statusCode).toBe(404);
  });
});
