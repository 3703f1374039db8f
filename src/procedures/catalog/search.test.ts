import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../../platform/testing/index.js';

/** Search on the demo catalog plus the sample export of the national database (test/catalog). */
let s: TestServer;
beforeAll(async () => {
  s = await testServer();
  const admin = await s.login('admin');
  const sample = JSON.parse(
    readFileSync(new URL('../../../test/catalog/csdl-tthc-sample.json', import.meta.url), 'utf8'),
  );
  expect((await admin.post('/api/procedures/import', sample)).statusCode).toBe(200);
});
afterAll(async () => {
  await s?.close();
});

const codes = async (q: string): Promise<string[]> => {
  const r = await s.anonymous.get(`/api/procedures?limit=50&q=${encodeURIComponent(q)}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().items.map((i: { code: string }) => i.code);
};

const HOUSEHOLD = '2.000720';
const LLC = '2.001610';
const SOLE = '1.010028';
const JSC = '2.001614';
const BIRTH = '1.001193';
const DEATH = '1.000656';

/** What a person typing the query expects to see first. */
const FIRST: [query: string, first: string | string[]][] = [
  ['dang ky kinh doanh', [HOUSEHOLD, LLC, SOLE, JSC]],
  ['đăng ký kinh doanh', [HOUSEHOLD, LLC, SOLE, JSC]],
  ['khai sinh', BIRTH],
  ['dang ky khai sinh', BIRTH],
  ['giấy khai sinh', BIRTH],
  ['khai tu', DEATH],
  ['dang ky ket hon', '1.000894'],
  ['chứng thực bản sao', '2.000815'],
  ['cong chung ban sao', '2.000815'],
  ['ly lich tu phap', '2.000488'],
  ['giay phep xay dung nha o', '1.009994'],
  ['sổ đỏ', '1.012765'],
  ['cong ty co phan', JSC],
  ['thanh lap ho kinh doanh', HOUSEHOLD],
  ['2.000815', '2.000815'],
];

describe('catalog search ranks as a person would', () => {
  it.each(FIRST)('“%s” puts %s first', async (q, first) => {
    const found = await codes(q);
    expect(found.length, q).toBeGreaterThan(0);
    if (Array.isArray(first)) expect(first).toContain(found[0]);
    else expect(found[0]).toBe(first);
  });

  it('"dang ky kinh doanh": the four business registrations come before anything else', async () => {
    const found = await codes('dang ky kinh doanh');
    expect(new Set(found.slice(0, 4))).toEqual(new Set([HOUSEHOLD, LLC, SOLE, JSC]));
  });

  it('"khai sinh": birth registration first, death registration after it or not at all', async () => {
    const found = await codes('khai sinh');
    expect(found[0]).toBe(BIRTH);
    const death = found.indexOf(DEATH);
    if (death >= 0) expect(death).toBeGreaterThan(found.indexOf('1.004884'));
  });

  it('an exact title outranks a loose trigram match, and a typo still finds it', async () => {
    const typo = await codes('khai snh');
    expect(typo).toContain(BIRTH);
    const exact = await codes('Thủ tục đăng ký khai tử');
    expect(exact[0]).toBe(DEATH);
    expect(await codes('zzqxw vvkj')).toEqual([]);
  });
});
