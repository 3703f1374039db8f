import { describe, expect, it } from 'vitest';
import { computeFee, refundableShare, type FeeInput, type FeeRule } from './compute.js';

const rule = (r: Partial<FeeRule> & Pick<FeeRule, 'name' | 'amount'>): FeeRule => ({
  kind: 'fixed',
  quantityField: null,
  fromCopy: 1,
  brackets: null,
  reductions: [],
  onlineReductionPercent: 0,
  refundable: false,
  legalBasis: null,
  validFrom: null,
  validTo: null,
  ...r,
});

/** The judicial-record certificate (Thông tư 244/2016/TT-BTC): 200.000 đ, from the third copy 5.000 đ each. */
const JUDICIAL: FeeRule[] = [
  rule({
    name: 'Phí cung cấp thông tin lý lịch tư pháp',
    amount: 200_000,
    refundable: true,
    reductions: [
      {
        category: 'student',
        label: { vi: 'Học sinh, sinh viên', en: 'Student' },
        percent: 50,
        evidence: { vi: 'Thẻ học sinh, sinh viên', en: 'Student card' },
      },
      {
        category: 'poor-household',
        label: { vi: 'Hộ nghèo', en: 'Poor household' },
        percent: 100,
        evidence: { vi: 'Giấy chứng nhận hộ nghèo', en: 'Poor-household certificate' },
      },
    ],
  }),
  rule({
    name: 'Phí cấp thêm Phiếu lý lịch tư pháp (từ Phiếu thứ 3)',
    amount: 5_000,
    kind: 'per_copy',
    quantityField: 'copies',
    fromCopy: 3,
  }),
];
const at = new Date('2026-03-02T09:00:00+07:00');
const input = (formData: Record<string, unknown>, more: Partial<FeeInput> = {}): FeeInput => ({
  formData,
  channel: 'counter',
  at,
  ...more,
});
const total = (rules: FeeRule[], i: FeeInput) => {
  const r = computeFee(rules, i);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.quote.total;
};

describe('fees by rule', () => {
  it('charges the judicial-record certificate 200.000 đ for one or two copies and 5.000 đ per copy from the third', () => {
    expect(total(JUDICIAL, input({ copies: 1 }))).toBe(200_000);
    expect(total(JUDICIAL, input({ copies: 2 }))).toBe(200_000);
    expect(total(JUDICIAL, input({ copies: 3 }))).toBe(205_000);
    expect(total(JUDICIAL, input({ copies: '5' }))).toBe(215_000);
    // No copies field: one copy.
    expect(total(JUDICIAL, input({}))).toBe(200_000);
  });

  it('halves the fee for a student with evidence and exempts a poor household', () => {
    expect(total(JUDICIAL, input({ copies: 1 }, { category: 'student', evidence: ['a'.repeat(64)] }))).toBe(100_000);
    const r = computeFee(JUDICIAL, input({ copies: 1 }, { category: 'poor-household', evidence: ['b'.repeat(64)] }));
    expect(r.ok && r.quote).toMatchObject({ total: 0, exempt: true, category: 'poor-household' });
  });

  it('refuses a category claimed without evidence, or one the procedure does not know', () => {
    const r = computeFee(JUDICIAL, input({ copies: 1 }, { category: 'poor-household' }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatchObject({ field: '/body/fee/evidence', code: 'evidence-required' });
    const u = computeFee(JUDICIAL, input({ copies: 1 }, { category: 'veteran', evidence: ['c'.repeat(64)] }));
    expect(!u.ok && u.errors[0]?.code).toBe('unknown-category');
  });

  it('refuses a number of copies that is not a whole number from 1', () => {
    for (const copies of [0, -1, 1.5, 'abc'])
      expect(computeFee(JUDICIAL, input({ copies })).ok, String(copies)).toBe(false);
  });

  it('picks the bracket of a form field (area, value)', () => {
    const rules = [
      rule({
        name: 'Lệ phí theo diện tích',
        amount: 0,
        kind: 'by_field',
        quantityField: 'area',
        brackets: [
          { upTo: 100, amount: 100_000 },
          { upTo: 500, amount: 300_000 },
          { upTo: null, amount: 500_000 },
        ],
      }),
    ];
    expect(total(rules, input({ area: 50 }))).toBe(100_000);
    expect(total(rules, input({ area: 100 }))).toBe(100_000);
    expect(total(rules, input({ area: 100.5 }))).toBe(300_000);
    expect(total(rules, input({ area: 10_000 }))).toBe(500_000);
    expect(computeFee(rules, input({})).ok).toBe(false);
  });

  it('reduces for online submission where the province decides, after a category reduction', () => {
    const rules = [
      rule({ name: 'Lệ phí', amount: 100_000, onlineReductionPercent: 50, reductions: JUDICIAL[0]!.reductions }),
    ];
    expect(total(rules, input({}, { channel: 'counter' }))).toBe(100_000);
    expect(total(rules, input({}, { channel: 'online' }))).toBe(50_000);
    expect(total(rules, input({}, { channel: 'online', category: 'student', evidence: ['d'.repeat(64)] }))).toBe(
      25_000,
    );
  });

  it('applies only the rules in force on the day (a change of law is a new row)', () => {
    const rules = [
      rule({ name: 'Cũ', amount: 100_000, validTo: '2026-06-30' }),
      rule({ name: 'Mới', amount: 150_000, validFrom: '2026-07-01' }),
    ];
    expect(total(rules, input({}, { at: new Date('2026-06-30T16:59:00+07:00') }))).toBe(100_000);
    // 1 July local time, still 30 June in UTC.
    expect(total(rules, input({}, { at: new Date('2026-07-01T06:00:00+07:00') }))).toBe(150_000);
  });

  it('refunds only the refundable rules’ share of what was paid', () => {
    const r = computeFee(JUDICIAL, input({ copies: 3 }));
    expect(r.ok && refundableShare(r.quote, 205_000)).toBe(200_000);
    expect(refundableShare(null, 100)).toBe(0);
  });
});
