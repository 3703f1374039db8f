import { describe, expect, it } from 'vitest';
import { fold, headerKey, parseFees, parseLevels, parseOnlineLevel, parseProcessingDays } from './import.js';

describe('reading the national database export', () => {
  it('matches headers without diacritics, case or punctuation', () => {
    expect(fold('Mã thủ tục')).toBe('ma thu tuc');
    expect(headerKey('MÃ THỦ TỤC')).toBe('code');
    expect(headerKey('Phí/lệ phí')).toBe('fees');
    expect(headerKey('Cơ quan thực hiện')).toBe('agency');
    expect(headerKey('Đối tượng thực hiện')).toBe('subjects');
    expect(headerKey('Cơ quan có thẩm quyền')).toBe('competentAgency');
    expect(headerKey('Ghi chú nội bộ')).toBeUndefined();
  });

  it('reads levels, online levels and processing times as the catalog writes them', () => {
    expect(parseLevels('Cấp Tỉnh, Cấp Huyện, Cấp Xã')).toEqual(['province', 'district', 'commune']);
    expect(parseLevels('commune')).toEqual(['commune']);
    expect(parseLevels('Cấp bộ')).toEqual([]);
    expect(parseOnlineLevel('DVC trực tuyến toàn trình')).toBe('full');
    expect(parseOnlineLevel('Mức độ 3')).toBe('partial');
    expect(parseOnlineLevel('Dịch vụ cung cấp thông tin trực tuyến')).toBe('offline');
    expect(parseOnlineLevel('???')).toBeNull();
    expect(parseProcessingDays('03 ngày làm việc')).toBe(3);
    expect(parseProcessingDays('0,5 ngày')).toBe(0.5);
    expect(parseProcessingDays('Trong ngày làm việc')).toBe(0);
    expect(parseProcessingDays(2.2)).toBe(2.5);
    expect(parseProcessingDays('theo thỏa thuận')).toBeNull();
  });

  it('reads amounts in đồng from the fee text', () => {
    expect(parseFees('Lệ phí: 50.000 đồng; phí công bố 100,000 VNĐ').map((f) => f.amount)).toEqual([50000, 100000]);
    expect(parseFees('Không')).toEqual([]);
  });
});
