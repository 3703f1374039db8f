import { describe, expect, it } from 'vitest';
import { scanRows, scanText } from './privacy.js';

const kinds = (t: string) => scanText(t, 'test').map((f) => f.kind);

describe('the privacy scan', () => {
  it('finds identity numbers, phones, e-mail addresses and personal names', () => {
    expect(kinds('CCCD: 046201001234')).toEqual(['identity-number']);
    expect(kinds('CMND 191234567')).toEqual(['identity-number']);
    expect(kinds('gọi 0905123456 hoặc +84 905 123 456')).toEqual(['phone', 'phone']);
    expect(kinds('thư gửi nguyen.van.an@gmail.com')).toEqual(['email']);
    expect(kinds('Người nộp: Nguyễn Văn An')).toEqual(['personal-name']);
    expect(kinds('Trần Thị Bích Ngọc')).toEqual(['personal-name']);
    expect(kinds('Lê Minh')).toEqual(['personal-name']);
  });

  it('leaves alone what aggregates and catalogs hold: codes, dates, coordinates, places, agencies, streets', () => {
    for (const clean of [
      '2026-01',
      '000.00.41.H57',
      '2.000488',
      '107.5912345678,16.4637012345',
      'Phường Phú Xuân',
      'Sở Tư pháp thành phố Huế',
      'đường Lê Lợi',
      'Đăng ký khai sinh',
      '46',
      '19753',
      '1234',
      '2026-12-06T09:30:00.000Z',
      'a3c1f9e0-1234-4cde-8f00-123456789012',
      'Hồ Chí Minh',
    ])
      expect(kinds(clean), clean).toEqual([]);
  });

  it('names the row and field of a finding, and masks what it found', () => {
    const f = scanRows(
      [
        { ward: 'Phú Xuân', n: 3 },
        { ward: 'Thuận Hóa', note: 'SĐT 0912345678' },
      ],
      'bảng',
    );
    expect(f).toEqual([{ kind: 'phone', at: 'bảng row 2 note', sample: expect.stringMatching(/^09\*+78$/) }]);
  });
});
