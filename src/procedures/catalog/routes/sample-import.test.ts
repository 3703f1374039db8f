import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { testServer, type Client, type TestServer } from '../../../platform/testing/index.js';

/** The sample export of the national procedure database shipped under test/catalog (docs/catalog.md). */
const SAMPLE = new URL('../../../../test/catalog/', import.meta.url);
const csv = readFileSync(new URL('csdl-tthc-sample.csv', SAMPLE), 'utf8');
const json = JSON.parse(readFileSync(new URL('csdl-tthc-sample.json', SAMPLE), 'utf8')) as Record<string, unknown>[];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let s: TestServer;
let admin: Client;
beforeAll(async () => {
  s = await testServer();
  admin = await s.login('admin');
});
afterAll(async () => {
  await s?.close();
});

const detail = async (code: string) => (await s.anonymous.get(`/api/procedures/${code}`)).json();
const upload = (body: string | Buffer, type: string, qs = '') =>
  admin.request({
    method: 'POST',
    url: `/api/procedures/import${qs}`,
    payload: body,
    headers: { 'content-type': type },
  });

describe('importing the sample export of the national procedure database', () => {
  it('loads the flat CSV export: papers with their templates and counts, fees by channel, time, levels, agencies, legal bases, result, channels', async () => {
    const r = await upload(csv, 'text/csv; charset=utf-8');
    expect(r.statusCode, r.body).toBe(200);
    const report = r.json();
    expect(report).toMatchObject({ failed: 0, created: 1, updated: 4 });
    expect(report.rows.map((x: { code: string }) => x.code)).toEqual([
      '1.001193',
      '2.000720',
      '2.001610',
      '1.009994',
      '2.001614',
    ]);

    const birth = await detail('1.001193');
    expect(birth).toMatchObject({
      processingDays: 0,
      levels: ['commune'],
      onlineLevel: 'full',
      channels: ['direct', 'online', 'postal'],
      fees: [],
      resultType: expect.stringMatching(/^Giấy khai sinh/),
    });
    expect(
      birth.papers.map((p: { name: string; provision: string; templateName: string | null; mandatory: boolean }) => [
        p.name.slice(0, 30),
        p.provision,
        p.templateName,
        p.mandatory,
      ]),
    ).toEqual([
      ['Tờ khai đăng ký khai sinh theo', 'upload', 'To-khai-dang-ky-khai-sinh.docx', true],
      ['Giấy chứng sinh do cơ sở y tế ', 'upload', null, true],
      ['Hộ chiếu, Căn cước công dân, T', 'desk', null, true],
      ['Giấy chứng nhận kết hôn của ch', 'desk', null, false],
    ]);
    expect(birth.legalBasis.split('\n')[0]).toBe('60/2014/QH13 — Luật Hộ tịch (Quốc hội, 20/11/2014)');
    expect(birth.processingNote).toMatch(/^Trong ngày làm việc/);

    const company = await detail('2.001610');
    expect(company).toMatchObject({
      processingDays: 3,
      levels: ['province'],
      competentAgencyText: 'Sở Tài chính',
      agencyText: 'Phòng Đăng ký kinh doanh - Sở Tài chính',
      resultType: 'Giấy chứng nhận đăng ký doanh nghiệp',
    });
    // "Sở Tài chính" is the directory's own agency: the competent one is linked by its name.
    expect(company.agency?.name).toMatch(/^Sở Tài chính/);
    expect(company.fees.map((f: { name: string; amount: number }) => [f.name, f.amount])).toEqual([
      ['Lệ phí đăng ký doanh nghiệp', 50000],
      ['Phí công bố nội dung đăng ký doanh nghiệp', 100000],
    ]);
    expect(company.papers).toHaveLength(5);
    expect(company.papers[0]).toMatchObject({
      name: 'Giấy đề nghị đăng ký doanh nghiệp',
      originals: 1,
      copies: 0,
      templateName: 'Phu-luc-I-2-Giay-de-nghi-dang-ky-cong-ty-TNHH-mot-thanh-vien.docx',
    });
    expect(company.papers[2]).toMatchObject({ originals: 0, copies: 1, mandatory: true });

    const household = await detail('2.000720');
    expect(household.fees).toMatchObject([{ name: 'Lệ phí đăng ký hộ kinh doanh', amount: 100000 }]);
    expect(household.papers.filter((p: { mandatory: boolean }) => !p.mandatory)).toHaveLength(3);

    const permit = await detail('1.009994');
    expect(permit).toMatchObject({ processingDays: 15, channels: ['direct', 'online'], fees: [{ amount: 75000 }] });
    expect(permit.papers[2]).toMatchObject({ originals: 2, copies: 0 });

    const jsc = await detail('2.001614');
    expect(jsc).toMatchObject({
      name: 'Đăng ký thành lập công ty cổ phần',
      fieldCode: 'doanh-nghiep',
      onlineLevel: 'full',
      subjects: 'Tổ chức, cá nhân',
    });
    expect(jsc.importedAt).toBeTruthy();
    // A new procedure: the registration fee is waived online (Thông tư 47/2019/TT-BTC); the publication fee is not.
    // (An update keeps the rules a fee of the same name and amount already had: see the next test.)
    expect(
      jsc.fees.map((f: { name: string; amount: number; onlineReductionPercent: number }) => [
        f.name,
        f.amount,
        f.onlineReductionPercent,
      ]),
    ).toEqual([
      ['Lệ phí đăng ký doanh nghiệp', 50000, 100],
      ['Phí công bố nội dung đăng ký doanh nghiệp', 100000, 0],
    ]);
    // A new procedure gets the usual workflow, which the admin then adapts.
    expect(jsc.workflow.reduce((a: number, w: { sharePercent: number }) => a + w.sharePercent, 0)).toBe(100);
  });

  it('re-importing the JSON export updates by code and keeps what the province added: the uploaded template and the fee rules', async () => {
    const before = await detail('2.001610');
    // The admin uploads the template file the record names, and gives the publication fee a rule.
    const file = await admin.request({
      method: 'POST',
      url: '/api/files',
      payload: multipart('Phu-luc-I-2.pdf', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')),
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
    });
    expect(file.statusCode, file.body).toBe(201);
    const sha = file.json().sha256 as string;
    const papers = before.papers.map((p: Record<string, unknown>, i: number) => ({
      name: p.name,
      originals: p.originals,
      copies: p.copies,
      mandatory: p.mandatory,
      templateName: p.templateName,
      templateSha256: i === 0 ? sha : null,
      provision: p.provision,
    }));
    const fees = before.fees.map((f: Record<string, unknown>) => ({
      name: f.name,
      amount: f.amount,
      onlineReductionPercent: f.onlineReductionPercent,
      refundable: f.name === 'Phí công bố nội dung đăng ký doanh nghiệp',
    }));
    expect((await admin.patch(`/api/procedures/${before.id}`, { papers, fees })).statusCode).toBe(200);
    expect((await s.anonymous.get('/api/procedures/2.001610/papers/1/template')).statusCode).toBe(200);

    const r = await admin.post('/api/procedures/import', json);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ created: 0, updated: 5, failed: 0 });
    const after = await detail('2.001610');
    expect(after.papers[0]).toMatchObject({ templateSha256: sha, templateName: before.papers[0].templateName });
    expect(after.fees[1]).toMatchObject({ refundable: true, amount: 100000 });
    // The same record read from JSON and from CSV gives the same procedure.
    expect(after.papers.map((p: { name: string }) => p.name)).toEqual(
      before.papers.map((p: { name: string }) => p.name),
    );
    expect((await detail('1.001193')).papers.map((p: { provision: string }) => p.provision)).toEqual([
      'upload',
      'upload',
      'desk',
      'desk',
    ]);
    const tpl = await s.anonymous.get('/api/procedures/2.001610/papers/1/template');
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-disposition']).toContain('Phu-luc-I-2-Giay-de-nghi');
    expect((await s.anonymous.get('/api/procedures/2.001610/papers/2/template')).json().code).toBe(
      'template-not-found',
    );
  });

  it('reads the same export as an XLSX workbook, and with ?atomic=true a bad row saves nothing and is reported by row', async () => {
    const table = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách TTHC');
    for (const row of table) ws.addRow(row);
    ws.addRow([
      '6',
      '2.009999',
      '',
      'Thủ tục thiếu tên',
      'Cấp Tỉnh',
      '',
      'Hộ tịch',
      'Qua chim bồ câu',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    const r = await upload(Buffer.from(await wb.xlsx.writeBuffer()), XLSX, '?atomic=true');
    expect(r.statusCode).toBe(400);
    const report = r.json().report;
    expect(report.rows.filter((x: { status: string }) => x.status !== 'error')).toHaveLength(5);
    expect(report.rows[5]).toMatchObject({ row: 6, code: '2.009999', status: 'error' });
    expect(report.rows[5].errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['/rows/6/channels', '/rows/6/processing']),
    );
    expect((await s.anonymous.get('/api/procedures/2.009999')).statusCode).toBe(404);

    ws.spliceRows(ws.rowCount, 1);
    const ok = await upload(Buffer.from(await wb.xlsx.writeBuffer()), XLSX, '?atomic=true');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ updated: 5, failed: 0 });
  });
});

function multipart(filename: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--XYZ\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    data,
    Buffer.from('\r\n--XYZ--\r\n'),
  ]);
}
