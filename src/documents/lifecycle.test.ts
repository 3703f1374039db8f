import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../platform/index.js';
import { pngBytes } from '../platform/files/test-fixtures.js';
import { testServer, type TestServer } from '../platform/testing/index.js';
import { clock } from './clock.js';
import { readPdfText } from './pdf-text.js';
import { documentNumbers, documentVersions } from './schema.js';
import { act, approvedDraft, makePdf, office, upload, type Office } from './test-fixtures.js';

let s: TestServer;
let o: Office;

beforeAll(async () => {
  s = await testServer();
  o = await office(s);
  clock.now = () => new Date('2026-11-23T09:00:00+07:00');
}, 180_000);
afterAll(async () => s?.close());

const incoming = async (sha: string, extra: Record<string, unknown> = {}) =>
  o.clerk.post('/api/documents/incoming', {
    agencyId: o.justice,
    typeCode: 'CV',
    summary: 'V/v đề nghị cung cấp thông tin lý lịch tư pháp',
    senderName: 'Công an thành phố Huế',
    originalNumberSymbol: '125/CAH-PV',
    originalDate: '2026-11-20',
    pdfSha256: sha,
    ...extra,
  });

describe('incoming documents (văn bản đến)', { timeout: 180_000 }, () => {
  let docId: string;

  it('registers an uploaded PDF with the next arrival number and its text; refuses a non-PDF and a damaged PDF; only a clerk may', async () => {
    const sha = await upload(
      o.clerk,
      await makePdf(
        'Công an thành phố Huế đề nghị Sở Tư pháp cung cấp thông tin về lý lịch tư pháp của ông Trần Văn Bình.',
      ),
    );
    const r = await incoming(sha);
    expect(r.statusCode, r.body).toBe(201);
    const d = r.json() as {
      id: string;
      numberSymbol: string;
      number: number;
      status: string;
      textState: string;
      allowedActions: string[];
    };
    expect(d).toMatchObject({ number: 1, numberSymbol: '01', status: 'registered', textState: 'text' });
    docId = d.id;

    const png = await upload(o.clerk, pngBytes(), 'anh.png', 'image/png');
    const bad = await incoming(png);
    expect(bad.statusCode).toBe(415);
    expect(bad.json()).toMatchObject({ code: 'not-pdf' });
    const broken = await upload(
      o.clerk,
      Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
    );
    const r2 = await incoming(broken);
    expect(r2.statusCode, r2.body).toBe(400);

    const scan = await upload(o.clerk, await makePdf(null));
    const r3 = await incoming(scan, { summary: 'Giấy mời họp (bản quét)', typeCode: 'GM' });
    expect(r3.statusCode, r3.body).toBe(201);
    expect(r3.json()).toMatchObject({ number: 2, textState: 'scanned' });

    const specialistSha = await upload(o.specialist, await makePdf('văn bản chuyên viên'));
    const r4 = await o.specialist.post('/api/documents/incoming', {
      agencyId: o.justice,
      typeCode: 'CV',
      summary: 'x',
      senderName: 'y',
      pdfSha256: specialistSha,
    });
    expect(r4.statusCode).toBe(403);
    // Nothing half-written: the refused registrations took no number.
    const lines = await s.ctx.db
      .select()
      .from(documentNumbers)
      .where(eq(documentNumbers.registerId, (r.json() as { registerId: string }).registerId));
    expect(lines.map((l) => l.number)).toEqual([1, 2]);
  });

  it('is assigned by a leader with a deadline in working days, handled and completed; others are refused', async () => {
    expect(
      (await o.specialist.post(`/api/documents/${docId}/actions/assign`, { leadId: o.specialist.accountId }))
        .statusCode,
    ).toBe(403);
    const notHandler = await o.leader.post(`/api/documents/${docId}/actions/assign`, {
      leadId: o.otherClerk.accountId,
    });
    expect(notHandler.statusCode).toBe(400);
    const d = await act(o.leader, docId, 'assign', {
      leadId: o.specialist.accountId,
      readerIds: [o.clerk.accountId!],
      workingDays: 3,
      instruction: 'Đề nghị chuyên viên kiểm tra và trả lời.',
    });
    expect(d.status).toBe('assigned');
    // Monday 23 November 09:00 + 3 working days = Thursday 26 November 09:00 (Vietnam time).
    expect(d.dueAt).toBe(new Date('2026-11-26T09:00:00+07:00').toISOString());
    expect((d as unknown as { assignments: { role: string }[] }).assignments.map((a) => a.role).sort()).toEqual([
      'lead',
      'reader',
    ]);
    // The reader may read and give an opinion, not report progress.
    expect((await o.clerk.post(`/api/documents/${docId}/actions/report-progress`, { note: 'x' })).statusCode).toBe(403);
    await act(o.clerk, docId, 'give-opinion', { text: 'Đã nhận để biết.' });
    expect(
      (await act(o.specialist, docId, 'report-progress', { note: 'Đang tra cứu dữ liệu.', percent: 50 })).status,
    ).toBe('in_progress');

    const queue = await o.specialist.get('/api/documents?queue=mine');
    expect((queue.json() as { items: { id: string }[] }).items.map((i) => i.id)).toContain(docId);
    clock.now = () => new Date('2026-11-25T10:00:00+07:00');
    const dueSoon = await o.leader.get('/api/documents?queue=due-soon');
    expect((dueSoon.json() as { items: { id: string }[] }).items.map((i) => i.id)).toContain(docId);
    clock.now = () => new Date('2026-11-27T10:00:00+07:00');
    const overdue = await o.leader.get('/api/documents?queue=overdue');
    expect((overdue.json() as { items: { id: string; late: boolean }[] }).items.find((i) => i.id === docId)?.late).toBe(
      true,
    );

    const noReply = await o.specialist.post(`/api/documents/${docId}/actions/complete`, { outcome: 'replied' });
    expect(noReply.statusCode).toBe(400);
    const done = await act(o.specialist, docId, 'complete', { outcome: 'filed', note: 'Lưu hồ sơ' });
    expect(done).toMatchObject({ status: 'completed', outcome: 'filed', late: true });
    const again = await o.specialist.post(`/api/documents/${docId}/actions/complete`, { outcome: 'filed' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'illegal-transition', currentStatus: 'completed' });
    const [row] = await queryRows<{ outcome: string; pending_late: boolean }>(
      s.ctx.db,
      sql`SELECT outcome, pending_late FROM documents_stats WHERE document_id = ${docId}`,
    );
    expect(row).toEqual({ outcome: 'late', pending_late: false });
    clock.now = () => new Date('2026-11-23T09:00:00+07:00');
  });
});

describe('outgoing documents (văn bản đi)', { timeout: 180_000 }, () => {
  it('keeps every draft version, goes through review and approval, and is numbered with its final PDF laid out as appendix I', async () => {
    const r = await o.specialist.post('/api/documents/drafts', {
      agencyId: o.justice,
      draftingUnitId: o.unit,
      typeCode: 'CV',
      summary: 'V/v cung cấp thông tin lý lịch tư pháp',
      body: 'Bản nháp đầu.',
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = (r.json() as { id: string }).id;
    await act(o.specialist, id, 'save-version', {
      body: 'Sở Tư pháp cung cấp thông tin như sau: ông Trần Văn Bình không có án tích.',
      recipients: [{ name: 'Công an thành phố Huế' }],
      note: 'sửa nội dung',
    });
    const versions = await s.ctx.db.select().from(documentVersions).where(eq(documentVersions.documentId, id));
    expect(versions.map((v) => [v.version, v.body])).toEqual([
      [1, 'Bản nháp đầu.'],
      [2, 'Sở Tư pháp cung cấp thông tin như sau: ông Trần Văn Bình không có án tích.'],
    ]);
    // Numbering before approval is refused with the allowed actions.
    const early = await o.clerk.post(`/api/documents/${id}/actions/number`, {});
    expect(early.statusCode).toBe(409);
    await act(o.specialist, id, 'submit');
    expect(
      (await o.specialist.post(`/api/documents/${id}/actions/review`, { signerId: o.leader.accountId })).statusCode,
    ).toBe(403);
    await act(o.unitHead, id, 'return', { reason: 'Bổ sung nơi nhận' });
    await act(o.specialist, id, 'save-version', {
      recipients: [{ name: 'Công an thành phố Huế' }, { name: 'Giám đốc Sở (để b/c)' }],
    });
    await act(o.specialist, id, 'submit');
    await act(o.unitHead, id, 'review', {
      signerId: o.leader.accountId,
      signerCapacity: 'KT. GIÁM ĐỐC',
      signerTitle: 'PHÓ GIÁM ĐỐC',
      signerName: 'Lê Văn Lãnh Đạo',
    });
    expect((await o.specialist.post(`/api/documents/${id}/actions/approve`, {})).statusCode).toBe(403);
    await act(o.leader, id, 'approve');
    expect((await o.leader.post(`/api/documents/${id}/actions/number`, {})).statusCode).toBe(403);
    const numbered = await act(o.clerk, id, 'number');
    expect(numbered).toMatchObject({
      status: 'numbered',
      number: 1,
      numberSymbol: '01/STP-HCTP',
      issueDate: '2026-11-23',
    });
    const pdf = await o.leader.get(`/api/documents/${id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = (await readPdfText(pdf.rawPayload)).text;
    for (const part of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'SỞ TƯ PHÁP THÀNH PHỐ HUẾ (THỬ NGHIỆM)',
      'Số: 01/STP-HCTP',
      'Huế, ngày 23 tháng 11 năm 2026',
      'V/v V/v cung cấp',
      'Nơi nhận:',
      'Công an thành phố Huế;',
      'Lưu: VT, HCTP.',
      'PHÓ GIÁM ĐỐC',
      'Lê Văn Lãnh Đạo',
    ]) {
      expect(text.replace(/\s+/g, ' ')).toContain(part);
    }
  });

  it('numbers a decision as 02/QĐ-STP and a reserved number only once', async () => {
    const id = await approvedDraft(o, { typeCode: 'QĐ', summary: 'Về việc ban hành Quy chế làm việc' });
    expect(await act(o.clerk, id, 'number')).toMatchObject({ numberSymbol: '02/QĐ-STP' });
    const regs = (
      await o.clerk.get(`/api/documents/registers?agencyId=${o.justice}&year=2026&direction=outgoing`)
    ).json() as { id: string; lastNumber: number }[];
    expect(regs).toHaveLength(1);
    expect(
      (
        await o.specialist.post(`/api/documents/registers/${regs[0]!.id}/reservations`, {
          reason: 'Lấy số trước cho văn bản khẩn',
        })
      ).statusCode,
    ).toBe(403);
    const res = await o.clerk.post(`/api/documents/registers/${regs[0]!.id}/reservations`, {
      reason: 'Lấy số trước cho văn bản khẩn',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ number: 3 });
    const a = await approvedDraft(o);
    const b = await approvedDraft(o);
    const unreserved = await o.clerk.post(`/api/documents/${a}/actions/number`, { reservedNumber: 2 });
    expect(unreserved.statusCode).toBe(409);
    expect(await act(o.clerk, a, 'number', { reservedNumber: 3 })).toMatchObject({
      number: 3,
      numberSymbol: '03/STP-HCTP',
    });
    const reused = await o.clerk.post(`/api/documents/${b}/actions/number`, { reservedNumber: 3 });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ code: 'number-used' });
    expect(await act(o.clerk, b, 'number')).toMatchObject({ number: 4 });
    const lines = (await o.clerk.get(`/api/documents/registers/${regs[0]!.id}/lines`)).json() as {
      lines: { number: number; documentId: string | null; reason: string | null }[];
    };
    expect(lines.lines.map((l) => l.number)).toEqual([1, 2, 3, 4]);
    expect(lines.lines[2]).toMatchObject({ documentId: a, reason: 'Lấy số trước cho văn bản khẩn' });
  });
});

describe('search (tìm kiếm)', { timeout: 180_000 }, () => {
  it('finds documents by words without diacritics, with a typo, and by the text inside their PDF; filters by type and direction', async () => {
    const words = async (q: string, extra = '') => {
      const res = await o.leader.get(`/api/documents?q=${encodeURIComponent(q)}${extra}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: { summary: string; direction: string }[] }).items.map((i) => i.summary);
    };
    expect(await words('ly lich tu phap')).toContain('V/v đề nghị cung cấp thông tin lý lịch tư pháp');
    expect(await words('quy che lam viec')).toContain('Về việc ban hành Quy chế làm việc');
    expect(await words('quy chế lam viêc')).toContain('Về việc ban hành Quy chế làm việc');
    expect(await words('quy chê lamm viec')).toContain('Về việc ban hành Quy chế làm việc');
    // Only in the PDF's text, not in the metadata.
    expect(await words('Tran Van Binh', '&direction=incoming')).toContain(
      'V/v đề nghị cung cấp thông tin lý lịch tư pháp',
    );
    expect(await words('01/STP-HCTP')).toEqual(['V/v cung cấp thông tin lý lịch tư pháp']);
    expect(await words('quy che', '&typeCode=CV')).toEqual([]);
    // Another agency's clerk sees none of them.
    expect(((await o.otherClerk.get('/api/documents?q=ly%20lich')).json() as { total: number }).total).toBe(0);
  });
});
