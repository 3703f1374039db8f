import { describe, expect, it } from 'vitest';
import type { FormField } from '../catalog/schema.js';
import { FORMS } from '../seed/fields.js';
import { formDataErrors, MAX_FORM_BYTES } from './form-data.js';

const NOW = new Date('2026-03-02T03:00:00Z');
const check = (fields: readonly FormField[], formData: Record<string, unknown>, applicant?: Record<string, string>) =>
  formDataErrors(fields, { formData, applicant }, { now: NOW });
const fieldsOf = (errors: { field: string }[]) => errors.map((e) => e.field);

const TYPED: FormField[] = [
  {
    key: 'idNo',
    type: 'idNumber',
    label: { vi: 'Số định danh', en: 'ID number' },
    required: true,
    prefill: 'idNumber',
  },
  {
    key: 'oldId',
    type: 'idNumber',
    label: { vi: 'Số CMND người chết', en: 'Deceased’s ID' },
    required: false,
    allowOldId: true,
  },
  { key: 'phone', type: 'phone', label: { vi: 'Điện thoại', en: 'Phone' }, required: false },
  { key: 'email', type: 'email', label: { vi: 'Thư điện tử', en: 'E-mail' }, required: false },
  { key: 'born', type: 'date', label: { vi: 'Ngày sinh', en: 'Born' }, required: true, dateRange: 'past' },
  { key: 'meet', type: 'date', label: { vi: 'Ngày hẹn', en: 'Appointment' }, required: false, dateRange: 'future' },
  {
    key: 'sex',
    type: 'select',
    label: { vi: 'Giới tính', en: 'Sex' },
    required: true,
    options: [{ value: 'nam', label: { vi: 'Nam', en: 'Male' } }],
  },
  {
    key: 'copies',
    type: 'number',
    label: { vi: 'Số bản', en: 'Copies' },
    required: true,
    integer: true,
    min: 1,
    max: 100,
  },
  { key: 'area', type: 'number', label: { vi: 'Diện tích', en: 'Area' }, required: false },
  { key: 'agree', type: 'checkbox', label: { vi: 'Cam đoan', en: 'I declare' }, required: false },
  { key: 'name', type: 'text', label: { vi: 'Họ tên', en: 'Name' }, required: true, maxLength: 10 },
];
const GOOD = {
  idNo: '046090001234',
  oldId: '191234567',
  phone: '0905 123 456',
  email: 'dan@example.vn',
  born: '1990-05-12',
  meet: '2026-03-10',
  sex: 'nam',
  copies: 2,
  area: 12.5,
  agree: true,
  name: 'Hoàng Dân',
};

describe('the form checked field by field on the server', () => {
  it('accepts a well-filled form and the applicant block that matches it', () => {
    expect(check(TYPED, GOOD, { idNumber: '046090001234', phone: '0234 3822 111', email: 'a.b+c@hue.gov.vn' })).toEqual(
      [],
    );
  });

  it('refuses what the probe sent to the counter: id "12", phone "abc", e-mail "not-an-email", birth date "yesterday", an unlisted option, a count "many"', () => {
    const errors = check(TYPED, {
      ...GOOD,
      idNo: '12',
      phone: 'abc',
      email: 'not-an-email',
      born: 'yesterday',
      sex: 'khac',
      copies: 'many',
    });
    expect(fieldsOf(errors).sort()).toEqual([
      '/body/formData/born',
      '/body/formData/copies',
      '/body/formData/email',
      '/body/formData/idNo',
      '/body/formData/phone',
      '/body/formData/sex',
    ]);
    for (const e of errors) {
      expect(e.message.vi).toMatch(/^\S.+: /);
      expect(e.message.en).toMatch(/^\S.+: /);
    }
    expect(errors.find((e) => e.field === '/body/formData/copies')?.code).toBe('type');
  });

  it('identity numbers: 12 digits, the old 9-digit card only where the field allows it, no year of birth in the future', () => {
    expect(check(TYPED, { ...GOOD, idNo: '191234567' }).map((e) => e.code)).toEqual(['idNumber']);
    expect(check(TYPED, { ...GOOD, oldId: '191234567' })).toEqual([]);
    expect(check(TYPED, { ...GOOD, oldId: '1912345678' }).map((e) => e.field)).toEqual(['/body/formData/oldId']);
    // Fourth digit 2: born in the 21st century; "34" would be 2034.
    expect(check(TYPED, { ...GOOD, idNo: '001234567890' }).map((e) => e.field)).toEqual(['/body/formData/idNo']);
    expect(check(TYPED, { ...GOOD, idNo: '001225000001' })).toEqual([]);
    expect(check(TYPED, { ...GOOD, idNo: 46090001234 })[0]?.code).toBe('idNumber');
  });

  it('phones: Vietnamese mobiles and landlines in any usual writing, nothing else', () => {
    for (const phone of ['0905123456', '+84 905 123 456', '(0234) 3822 111', '024.3825.3536', '+842343822111'])
      expect(check(TYPED, { ...GOOD, phone })).toEqual([]);
    for (const phone of ['090512345', '1900 1234', '+1 202 555 0100', '0123456789', '0234382211', 'abc'])
      expect(check(TYPED, { ...GOOD, phone }).map((e) => e.code)).toEqual(['phone']);
  });

  it('dates: a real calendar date, a birth date not after today (Vietnam time), an appointment not before it', () => {
    for (const born of ['2026-02-30', '1990-13-01', '12/05/1990', '1899-12-31', '2026-03-03'])
      expect(check(TYPED, { ...GOOD, born }).map((e) => e.field)).toEqual(['/body/formData/born']);
    // 03:00 UTC is 10:00 in Huế: today there is 2 March.
    expect(check(TYPED, { ...GOOD, born: '2026-03-02' })).toEqual([]);
    expect(check(TYPED, { ...GOOD, meet: '2026-03-01' })[0]?.code).toBe('past-date');
    expect(check(TYPED, { ...GOOD, born: '2024-02-29' })).toEqual([]);
  });

  it('numbers: only numbers, whole where the field says so, within its bounds or by default not negative', () => {
    expect(check(TYPED, { ...GOOD, copies: 1.5 })[0]?.code).toBe('integer');
    expect(check(TYPED, { ...GOOD, copies: 0 })[0]?.code).toBe('minimum');
    expect(check(TYPED, { ...GOOD, copies: 101 })[0]?.code).toBe('maximum');
    expect(check(TYPED, { ...GOOD, copies: '2' })[0]?.code).toBe('type');
    expect(check(TYPED, { ...GOOD, area: -1 })[0]?.code).toBe('minimum');
    expect(check(TYPED, { ...GOOD, area: 1e300 })[0]?.code).toBe('maximum');
  });

  it('options, checkboxes and text: listed values, booleans, strings within their length', () => {
    expect(check(TYPED, { ...GOOD, sex: ['nam'] })[0]?.code).toBe('option');
    expect(check(TYPED, { ...GOOD, agree: 'yes' })[0]?.code).toBe('type');
    expect(check(TYPED, { ...GOOD, name: 'x'.repeat(11) })[0]?.code).toBe('maxLength');
    expect(check(TYPED, { ...GOOD, name: { first: 'Dân' } })[0]?.code).toBe('type');
    expect(check(TYPED, { ...GOOD, name: '   ' })[0]?.code).toBe('required');
  });

  it('refuses keys the procedure’s form does not have, each with its own pointer', () => {
    const errors = check(TYPED, { ...GOOD, extra: 1, 'a/b': 2 });
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['/body/formData/extra', 'unknown-field'],
      ['/body/formData/a~1b', 'unknown-field'],
    ]);
  });

  it('bounds the form: a 40,000-key form is one error, not 40,000', () => {
    const huge = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, 'x'.repeat(20)]));
    expect(JSON.stringify(huge).length).toBeGreaterThan(MAX_FORM_BYTES);
    expect(check(TYPED, huge)).toEqual([expect.objectContaining({ field: '/body/formData', code: 'too-large' })]);
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 1]));
    expect(check(TYPED, many).length).toBe(50);
  });

  it('checks the applicant block and keeps the form’s identity number equal to the applicant’s', () => {
    const errors = check(TYPED, GOOD, { idNumber: '046190004321', phone: 'abc', email: 'not-an-email' });
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['/body/formData/idNo', 'mismatch'],
      ['/body/applicant/phone', 'phone'],
      ['/body/applicant/email', 'email'],
    ]);
    expect(errors[0]!.message.en).toContain('046190004321');
    expect(check(TYPED, GOOD, { idNumber: '12' }).map((e) => e.field)).toEqual(['/body/applicant/idNumber']);
  });

  it('every seeded procedure form declares what its fields need: bounds on numbers, a range on birth dates', () => {
    for (const [name, fields] of Object.entries(FORMS)) {
      for (const f of fields) {
        if (f.type === 'number') expect(f.min, `${name}.${f.key}`).toBeDefined();
        if (f.type === 'date' && /birth|death/i.test(f.key)) expect(f.dateRange, `${name}.${f.key}`).toBe('past');
      }
    }
  });
});
