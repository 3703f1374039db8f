import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DrawnPage, DrawnPages, jsonForScript } from './data-pages.js';

describe('data pages', () => {
  it('writes JSON that cannot close its script element, and reads back the same', () => {
    const value = {
      name: '</script><script>alert(1)</script>',
      amp: 'a&b',
      sep: 'x\u2028y\u2029z',
      vi: 'Đăng ký khai sinh',
    };
    const text = jsonForScript([[['procedures', 'one', 'x'], value]]);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual([[['procedures', 'one', 'x'], value]]);
  });

  it('compresses as the browser accepts, brotli first, and not at all for q=0 or nothing', async () => {
    const html = '<!doctype html><p>Thủ tục hành chính</p>'.repeat(50);
    const encodeFor = (accept: string | undefined, page: string) => new DrawnPage(page).encodedFor(accept);
    const br = await encodeFor('gzip, deflate, br', html);
    expect(br.encoding).toBe('br');
    expect(zlib.brotliDecompressSync(br.body as Buffer).toString()).toBe(html);
    const gz = await encodeFor('gzip;q=1, br;q=0', html);
    expect(gz.encoding).toBe('gzip');
    expect(zlib.gunzipSync(gz.body as Buffer).toString()).toBe(html);
    expect((await encodeFor(undefined, html)).encoding).toBeNull();
    expect((await encodeFor('identity', html)).body).toBe(html);
    expect((await encodeFor('brotli, gzip;q=0', html)).encoding).toBeNull();
    expect((await encodeFor(' GZIP ; q=0.5 ', html)).encoding).toBe('gzip');
  });

  it('draws a page again only when its data changed; keeps its compressed forms; keeps no failure; stays bounded', async () => {
    const pages = new DrawnPages(3);
    let draws = 0;
    const draw = (html: string | null) => async () => (draws++, html);
    const a = await pages.get('/procedures/1', '{"v":1}', draw('<p>một</p>'));
    const again = await pages.get('/procedures/1', '{"v":1}', draw('<p>không dùng</p>'));
    expect(again).toBe(a);
    expect(draws).toBe(1);
    // Changed data: drawn again, never the page of the old data.
    const changed = await pages.get('/procedures/1', '{"v":2}', draw('<p>hai</p>'));
    expect(changed?.html).toBe('<p>hai</p>');
    expect(draws).toBe(2);
    // Compressed once per coding, and the same bytes each time.
    const br1 = await a!.encodedFor('br');
    const br2 = await a!.encodedFor('gzip, br');
    expect(br2.body).toBe(br1.body);
    expect(zlib.brotliDecompressSync(br1.body as Buffer).toString()).toBe('<p>một</p>');
    expect((await a!.encodedFor(undefined)).body).toBe('<p>một</p>');
    // A page that could not be drawn is not kept: the next request tries again.
    expect(await pages.get('/procedures/2', '{}', draw(null))).toBeNull();
    await Promise.resolve();
    expect(await pages.get('/procedures/2', '{}', draw('<p>ba</p>'))).not.toBeNull();
    // Bounded: the least recently used goes first.
    await pages.get('/procedures/3', '{}', draw('<p>bốn</p>'));
    await pages.get('/procedures/4', '{}', draw('<p>năm</p>'));
    expect(pages.size).toBe(3);
    const before = draws;
    await pages.get('/procedures/1', '{"v":1}', draw('<p>một</p>'));
    expect(draws).toBe(before + 1);
  });
});
