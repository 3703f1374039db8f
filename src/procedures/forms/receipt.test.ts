import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { renderApology, renderReceipt } from './receipt.js';

const agency = { parent: 'Ủy ban nhân dân thành phố Huế', name: 'Trung tâm Phục vụ hành chính công thành phố Huế' };

async function textOf(pdf: Buffer) {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text, totalPages } = await extractText(doc, { mergePages: true });
  return { text: text.replace(/\s+/g, ' '), totalPages };
}

describe('printable dossier forms', () => {
  it('the receipt is a PDF whose Vietnamese text survives extraction, with code, papers and the appointment in Vietnam time', async () => {
    const pdf = await renderReceipt({
      code: '000.01.01.H57-261123-0001',
      agency,
      place: 'Huế',
      receivedAt: new Date('2026-11-23T02:15:00Z'),
      dueAt: new Date('2026-11-27T09:00:00Z'),
      procedureName: 'Đăng ký khai sinh',
      applicant: { name: 'Nguyễn Thị Hường', address: 'phường Thuận Hóa, thành phố Huế', phone: '0912345678' },
      papers: [
        { name: 'Tờ khai đăng ký khai sinh', originals: 1 },
        { name: 'Giấy chứng sinh', originals: 1 },
      ],
      officer: 'Trần Văn Một',
      channel: 'counter',
      lookupUrl: 'https://dichvucong.hue.gov.vn/tra-cuu',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, totalPages } = await textOf(pdf);
    expect(totalPages).toBe(1);
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Nguyễn Thị Hường',
      'Đăng ký khai sinh',
      'Giấy chứng sinh',
      '000.01.01.H57-261123-0001',
      'Huế, ngày 23 tháng 11 năm 2026',
    ]) {
      expect(text).toContain(s);
    }
    // 02:15 UTC is 09:15 in Huế; the appointment 09:00 UTC is 16:00 local.
    expect(text).toContain('09 giờ 15 phút, ngày 23/11/2026');
    expect(text).toContain('16 giờ 00 phút, ngày 27/11/2026');
  });

  it('the apology letter carries the original and the new date and the reason', async () => {
    const pdf = await renderApology({
      code: '000.00.04.H57-261102-0007',
      agency: { parent: 'UBND thành phố Huế', name: 'Sở Tư pháp thành phố Huế' },
      place: 'Huế',
      date: new Date('2026-11-23T03:00:00Z'),
      applicantName: 'Lê Văn Bình',
      procedureName: 'Cấp Phiếu lý lịch tư pháp',
      receivedAt: new Date('2026-11-02T01:00:00Z'),
      dueAt: new Date('2026-11-20T10:00:00Z'),
      newDueAt: new Date('2026-11-26T10:00:00Z'),
      reason: 'cần xác minh thêm thông tin tại cơ quan công an.',
    });
    const { text } = await textOf(pdf);
    expect(text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(text).toContain('Lê Văn Bình');
    expect(text).toContain('17 giờ 00 phút, ngày 20/11/2026');
    expect(text).toContain('17 giờ 00 phút, ngày 26/11/2026');
    expect(text).toContain('cần xác minh thêm thông tin tại cơ quan công an');
  });
});
