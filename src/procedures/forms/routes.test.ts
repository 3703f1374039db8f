import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { testServer, type Client, type TestServer } from '../../platform/testing/index.js';
import { queryRows } from '../../platform/index.js';
import {
  act,
  agencyId,
  at,
  makeProcedure,
  restoreClock,
  submitDossier,
  type TestProcedure,
} from '../dossiers/test-fixtures.js';

let s: TestServer;
let citizen: Client;
let officer: Client;
/** Handled by the Department of Construction, so the Justice leader `lanhdao` is a stranger to its dossiers. */
let proc: TestProcedure;
let centre: { id: string };
beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
  proc = await makeProcedure(s.ctx.db, { agencyCode: '000.00.05.H57', processingDays: 2 });
  centre = await agencyId(s.ctx.db, 'TTHCC');
});
afterEach(() => {
  restoreClock();
});
afterAll(() => s?.close());

/**
 * A dossier of the citizen `congdan` for Phan Văn Đức, submitted online; once received, received at the desk
 * on Monday 23/11/2026 16:30 and so due two working days later, Wednesday 25/11 16:30.
 */
async function dossier(status: 'submitted' | 'received') {
  at('2026-11-23T16:00:00');
  const d = await submitDossier(citizen, proc, { receivingAgencyId: centre.id, applicant: { name: 'Phan Văn Đức' } });
  if (status === 'received') {
    at('2026-11-23T16:30:00');
    await act(officer, d.id, 'receive');
  }
  return d;
}

describe('GET /api/dossiers/:id/receipt.pdf', () => {
  it('gives the applicant the receipt with the procedure, the papers and the appointment', async () => {
    const d = await dossier('received');
    const r = await citizen.get(`/api/dossiers/${d.id}/receipt.pdf`);
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
    const r = await citizen.get(`/api/dossiers/${early.id}/receipt.pdf`);
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('not-received');
    expect((await citizen.get(`/api/dossiers/${d.id}/apology.pdf`)).json().code).toBe('no-apology');
  });
});

describe('GET /api/dossiers/:id/files/:sha256', () => {
  it('lets the applicant download the result a specialist uploaded, and nothing else', async () => {
    const d = await dossier('received');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const blob = await s.ctx.files.put(pdf);
    const [spec] = await queryRows<{ id: string }>(
      s.database.db,
      sql`SELECT id FROM accounts WHERE username = 'chuyenvien'`,
    );
    await s.ctx.files.record(s.database.db, blob, { accountId: spec!.id, filename: 'ket-qua.pdf' });
    await s.database.db.execute(sql`UPDATE dossiers SET result_sha256 = ${blob.sha256} WHERE id = ${d.id}`);
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

describe('GET /api/dossiers/:id/files', () => {
  it('lists the papers and the result by the names the applicant and the staff gave them, with their sizes', async () => {
    const d = await dossier('received');
    const accountOf = async (username: string) =>
      (await queryRows<{ id: string }>(s.database.db, sql`SELECT id FROM accounts WHERE username = ${username}`))[0]!
        .id;
    const paper = await s.ctx.files.put(Buffer.from('%PDF-1.4\n% to khai\n%%EOF\n'));
    const strangers = await s.ctx.files.put(Buffer.from('%PDF-1.4\n% sent by someone else\n%%EOF\n'));
    const result = await s.ctx.files.put(Buffer.from('%PDF-1.4\n% ket qua\n%%EOF\n'));
    await s.ctx.files.record(s.database.db, paper, {
      accountId: await accountOf('congdan'),
      filename: 'to-khai-khai-sinh.pdf',
    });
    // The same bytes sent by someone with no part in the dossier: their name for them is theirs.
    await s.ctx.files.record(s.database.db, paper, {
      accountId: await accountOf('lanhdao'),
      filename: 'ho-so-cua-toi.pdf',
    });
    await s.ctx.files.record(s.database.db, strangers, {
      accountId: await accountOf('lanhdao'),
      filename: 'rieng-tu.pdf',
    });
    await s.ctx.files.record(s.database.db, result, {
      accountId: await accountOf('motcua'),
      filename: 'quyet-dinh.pdf',
    });
    const attachments = [{ paperId: null, name: 'Tờ khai', files: [paper.sha256, strangers.sha256] }];
    await s.database.db.execute(
      sql`UPDATE dossiers SET attachments = ${JSON.stringify(attachments)}::jsonb, result_sha256 = ${result.sha256} WHERE id = ${d.id}`,
    );

    const r = await citizen.get(`/api/dossiers/${d.id}/files`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items).toEqual([
      { sha256: paper.sha256, filename: 'to-khai-khai-sinh.pdf', size: paper.size, contentType: 'application/pdf' },
      { sha256: strangers.sha256, filename: null, size: strangers.size, contentType: 'application/pdf' },
      // The officer who received the dossier uploaded the result.
      { sha256: result.sha256, filename: 'quyet-dinh.pdf', size: result.size, contentType: 'application/pdf' },
    ]);
    expect((await officer.get(`/api/dossiers/${d.id}/files`)).json().items).toHaveLength(3);
    expect((await (await s.login('lanhdao')).get(`/api/dossiers/${d.id}/files`)).statusCode).toBe(404);
  });
});
