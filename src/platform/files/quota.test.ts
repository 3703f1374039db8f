/** Issue 8 item 13: daily upload quotas per account, counted in the database; SVG and scripted XML refused. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { testServer, type Client, type TestServer } from '../testing/index.js';
import { multipartBody, pdfBytes } from './test-fixtures.js';
import { untilNextDay } from './quota.js';

let s: TestServer;
let citizen: Client;
let officer: Client;
beforeAll(async () => {
  s = await testServer({
    config: { uploadQuota: { citizen: { files: 3, bytes: 1_000_000 }, staff: { files: 100, bytes: 3_000 } } },
  });
  citizen = await s.login('congdan');
  officer = await s.login('motcua');
});
afterAll(() => s.close());

const upload = (c: Client, body: Buffer, filename = 'a.pdf', contentType = 'application/pdf') =>
  c.request({ method: 'POST', url: '/api/files', ...multipartBody(body, { filename, contentType }) });

describe('the daily upload quota', () => {
  it('lets a citizen send their allowance of files and answers the next with a bilingual 429, concurrently too', async () => {
    const codes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => upload(citizen, pdfBytes(`quota ${i}`)).then((r) => r.statusCode)),
    );
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(5);
    const r = await upload(citizen, pdfBytes('one more'));
    expect(r.statusCode).toBe(429);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = r.json();
    expect(p.code).toBe('upload-quota');
    expect(p.messages.vi.detail).toContain('3 tệp');
    expect(p.messages.en.detail).toContain('3 files');
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    // Counted in the database, where every instance adds to the same row.
    const [row] = await queryRows<{ files: number }>(
      s.database.db,
      sql`SELECT files FROM upload_usage WHERE account_id = ${citizen.accountId!}`,
    );
    expect(Number(row!.files)).toBe(3);
  });

  it('gives staff their own allowance, and counts bytes as well as files', async () => {
    const big = pdfBytes('x'.repeat(1_300));
    expect((await upload(officer, big)).statusCode).toBe(201);
    expect((await upload(officer, pdfBytes('y'.repeat(1_300)))).statusCode).toBe(201);
    const r = await upload(officer, pdfBytes('z'.repeat(1_300)));
    expect(r.statusCode).toBe(429);
    expect(r.json().messages.en.detail).toContain('MB');
  });

  it('counts nothing for a refused file', async () => {
    const before = await queryRows<{ files: number }>(
      s.database.db,
      sql`SELECT files FROM upload_usage WHERE account_id = ${officer.accountId!}`,
    );
    expect((await upload(officer, Buffer.from('MZ not a pdf at all'), 'x.pdf')).statusCode).toBe(415);
    const after = await queryRows<{ files: number }>(
      s.database.db,
      sql`SELECT files FROM upload_usage WHERE account_id = ${officer.accountId!}`,
    );
    expect(after).toEqual(before);
  });

  it('starts again at midnight in Vietnam', () => {
    // 16:59:59 UTC is 23:59:59 in Huế: one second to go.
    expect(untilNextDay(new Date('2026-03-02T16:59:59Z'))).toBe(1_000);
    expect(untilNextDay(new Date('2026-03-02T17:00:00Z'))).toBe(86_400_000);
  });
});

describe('content a browser would run', () => {
  const svg =
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>';
  const scripted =
    '<?xml version="1.0"?>\n<hoSo><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script></hoSo>';
  const entities = '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';

  it('refuses an SVG with a script, XML carrying XHTML script and XML declaring entities, whatever they are called', async () => {
    const admin = await s.login('admin');
    for (const [body, name] of [
      [svg, 'anh.svg'],
      [svg, 'anh.xml'],
      [scripted, 'ho-so.xml'],
      [entities, 'ho-so.xml'],
    ] as const) {
      const r = await upload(admin, Buffer.from(body), name, 'application/xml');
      expect(r.statusCode, name).toBe(415);
      expect(r.json().code).toBe('file-active-content');
    }
    // A plain SVG with no XML declaration is no type we accept at all.
    expect(
      (await upload(admin, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.svg', 'image/svg+xml')).json()
        .code,
    ).toBe('file-type');
    expect(
      (
        await upload(
          admin,
          Buffer.from('<?xml version="1.0"?>\n<hoSo><ma>1</ma></hoSo>'),
          'ho-so.xml',
          'application/xml',
        )
      ).statusCode,
    ).toBe(201);
  });
});
