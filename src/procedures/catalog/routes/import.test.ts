import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { testServer, type Client, type TestServer } from '../../../platform/testing/index.js';
import { auditLog } from '../../../platform/audit/schema.js';
import { procedures } from '../schema.js';

let s: TestServer;
let admin: Client;
beforeAll(async () => {
  s = await testServer();
  admin = await s.login('admin');
});
afterAll(async () => {
  await s?.close();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = [
  'STT',
  'Mã thủ tục',
  'Tên thủ tục',
  'Lĩnh vực',
  'Cấp thực hiện',
  'Cơ quan thực hiện',
  'Thời hạn giải quyết',
  'Phí/lệ phí',
  'Mức độ',
];

const detail = async (code: string) => {
  const r = await s.anonymous.get(`/api/procedures/${code}`);
  return r.statusCode === 200 ? r.json() : null;
};
const upload = (body: string | Buffer, type: string, qs = '') =>
  admin.request({
    method: 'POST',
    url: `/api/procedures/import${qs}`,
    payload: body,
    headers: { 'content-type': type },
  });

describe('POST /api/procedures/import', () => {
  it('imports a JSON array in the national shape: creates new codes, updates existing ones, reports a bad row without saving it', async () => {
    const r = await admin.post('/api/procedures/import', [
      {
        'Mã thủ tục': '9.200001',
        'Tên thủ tục': 'Cấp giấy phép tổ chức lễ hội',
        'Lĩnh vực': 'Văn hóa cơ sở',
        'Cấp thực hiện': 'Cấp Tỉnh, Cấp Xã',
        'Cơ quan thực hiện': 'Sở Văn hóa và Thể thao thành phố Huế',
        'Thời hạn giải quyết': '05 ngày làm việc',
        'Phí/lệ phí': 'Không',
        'Mức độ': 'Toàn trình',
      },
      { 'Mã thủ tục': '1.001193', 'Tên thủ tục': 'Thủ tục đăng ký khai sinh', 'Thời hạn giải quyết': 'Trong ngày' },
      {
        'Mã thủ tục': '9.200002',
        'Tên thủ tục': 'Dòng thiếu cấp thực hiện',
        'Lĩnh vực': 'Hộ tịch',
        'Thời hạn giải quyết': '3 ngày',
      },
    ]);
    expect(r.statusCode, r.body).toBe(200);
    const report = r.json();
    expect(report).toMatchObject({ atomic: false, created: 1, updated: 1, failed: 1 });
    expect(report.rows.map((x: { status: string }) => x.status)).toEqual(['created', 'updated', 'error']);
    expect(report.rows[2].errors.map((e: { field: string }) => e.field)).toEqual(['/rows/3/levels']);

    const created = await detail('9.200001');
    expect(created).toMatchObject({
      levels: ['province', 'commune'],
      processingDays: 5,
      onlineLevel: 'full',
      agencyText: 'Sở Văn hóa và Thể thao thành phố Huế',
      fees: [],
    });
    expect(created.agency?.code).toBe('000.00.11.H57');
    expect(created.field.name).toBe('Văn hóa cơ sở');
    expect(created.workflow.reduce((a: number, w: { sharePercent: number }) => a + w.sharePercent, 0)).toBe(100);
    // An update keeps what the row does not carry: the papers and the workflow.
    const birth = await detail('1.001193');
    expect(birth.papers.length).toBeGreaterThan(1);
    expect(birth.processingNote).toBe('Trong ngày');
    expect(await detail('9.200002')).toBeNull();

    const [a] = await s.database.db.select().from(auditLog).where(eq(auditLog.action, 'procedures.import'));
    expect(a!.details).toMatchObject({ created: ['9.200001'], updated: ['1.001193'], failed: 1 });
  });

  it('imports CSV with a title line above the header, “;” separators and fees in đồng', async () => {
    const csv = [
      'DANH MỤC THỦ TỤC HÀNH CHÍNH;;;;;;;;',
      HEADER.join(';'),
      '1;9.200010;"Cấp giấy phép kinh doanh karaoke; vũ trường";Văn hóa cơ sở;Cấp Tỉnh;000.00.11.H57;10 ngày làm việc;"Phí thẩm định: 4.000.000 đồng/giấy phép";Một phần',
      '2;9.200011;Thủ tục có thời hạn không đọc được;Hộ tịch;Cấp Xã;;không rõ;;Trực tiếp',
    ].join('\r\n');
    const r = await upload(csv, 'text/csv; charset=utf-8');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      created: 1,
      failed: 1,
      rows: [
        { row: 1, code: '9.200010', status: 'created' },
        { row: 2, status: 'error', errors: [{ field: '/rows/2/processing' }] },
      ],
    });
    const p = await detail('9.200010');
    expect(p).toMatchObject({
      name: 'Cấp giấy phép kinh doanh karaoke; vũ trường',
      processingDays: 10,
      onlineLevel: 'partial',
      fees: [{ amount: 4000000 }],
    });
    expect(p.agency.code).toBe('000.00.11.H57');
  });

  it('imports an XLSX workbook built with exceljs', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('TTHC');
    ws.addRow(HEADER);
    ws.addRow([
      1,
      '9.200020',
      'Công nhận câu lạc bộ thể thao cơ sở',
      'Thể dục thể thao',
      'Cấp Xã',
      'UBND cấp xã',
      7,
      '',
      'Toàn trình',
    ]);
    ws.addRow([
      2,
      '9.200021',
      'Cấp phép nửa ngày',
      'Thể dục thể thao',
      'Cấp Tỉnh',
      '',
      '0,5 ngày làm việc',
      '',
      'Một phần',
    ]);
    ws.addRow([3, '', 'Dòng không có mã', 'Thể dục thể thao', 'Cấp Tỉnh', '', '3', '', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload(buf, XLSX);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ created: 2, updated: 0, failed: 1 });
    expect(r.json().rows[2].errors[0].field).toBe('/rows/3/code');
    expect(await detail('9.200020')).toMatchObject({
      processingDays: 7,
      onlineLevel: 'full',
      levels: ['commune'],
      agency: null,
    });
    expect((await detail('9.200021')).processingDays).toBe(0.5);
  });

  it('with ?atomic=true saves nothing when a row is bad', async () => {
    const r = await admin.post('/api/procedures/import?atomic=true', [
      {
        code: '9.200030',
        name: 'Dòng tốt',
        field: 'ho-tich',
        levels: 'commune',
        processingDays: 3,
        onlineLevel: 'full',
      },
      {
        code: '9.200031',
        name: 'Dòng xấu',
        field: 'ho-tich',
        levels: 'commune',
        processingDays: 3,
        onlineLevel: 'mức độ lạ',
      },
    ]);
    expect(r.statusCode).toBe(400);
    expect(r.json().report.rows[1].errors[0].field).toBe('/rows/2/onlineLevel');
    expect(await s.database.db.select().from(procedures).where(eq(procedures.code, '9.200030'))).toHaveLength(0);
  });

  it('refuses an unreadable file, a sheet without the header, and an empty import', async () => {
    expect((await upload(Buffer.from('not a zip'), XLSX)).json().code).toBe('import-format');
    expect((await upload('a,b\n1,2', 'text/csv')).json().code).toBe('import-format');
    const empty = await admin.post('/api/procedures/import', []);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('import-empty');
    expect((await upload('<x/>', 'application/xml')).statusCode).toBe(415);
  });
});
