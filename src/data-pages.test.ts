import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeFor, jsonForScript } from './data-pages.js';

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
});
