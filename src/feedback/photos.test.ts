import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { testServer, type Client, type TestServer } from '../platform/testing/index.js';
import { exeBytes, pngBytes } from '../platform/files/test-fixtures.js';
import { count, jpegWithExif, multipart, reportBody, uploadPhoto } from './test-fixtures.js';
import { publicCopy } from './photos.js';

let s: TestServer;
let citizen: Client;
beforeAll(async () => {
  s = await testServer({
    config: {
      upload: { maxBytes: 64 * 1024, allowedTypes: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] },
    },
  });
  citizen = await s.login('congdan');
});
afterAll(async () => {
  await s?.close();
});

const post = (c: Client, data: Buffer, name = 'photo.jpg', type = 'image/jpeg') => {
  const m = multipart(data, name, type);
  return c.request({ method: 'POST', url: '/api/feedback/photos', payload: m.payload, headers: m.headers });
};

describe('public copies of photos', () => {
  it('strips the camera serial, the owner and the GPS position, and keeps the picture', async () => {
    const original = await jpegWithExif();
    const before = await sharp(original).metadata();
    expect(before.exif).toBeDefined();
    expect(original.includes('Serial-ABC123')).toBe(true);
    const copy = await publicCopy(original);
    const after = await sharp(copy.data).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    for (const secret of ['Serial-ABC123', 'TinhSoCam', 'Nguyen Van A', 'GPS'])
      expect(copy.data.includes(secret)).toBe(false);
    expect([copy.width, copy.height]).toEqual([64, 48]);
  });

  it('shrinks a large photo to at most 1600 px on its longer side', async () => {
    const big = await sharp({ create: { width: 3200, height: 1800, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const copy = await publicCopy(big);
    expect([copy.width, copy.height]).toEqual([1600, 900]);
  });

  it('serves the stripped copy to anyone once the photo is on a report, and never the original', async () => {
    const up = await uploadPhoto(citizen);
    const anonBefore = await s.anonymous.get(up.publicUrl);
    expect(anonBefore.statusCode).toBe(404);
    expect((await citizen.get(up.publicUrl)).statusCode).toBe(200);
    expect((await citizen.post('/api/feedback/reports', reportBody({ photos: [up.sha256] }))).statusCode).toBe(201);
    const pub = await s.anonymous.get(up.publicUrl);
    expect(pub.statusCode).toBe(200);
    expect(pub.headers['content-type']).toBe('image/jpeg');
    expect(pub.rawPayload.includes('Serial-ABC123')).toBe(false);
    expect((await s.anonymous.get(`/api/feedback/photos/${up.sha256}`)).statusCode).toBe(404);
  });
});

describe('refused uploads leave nothing behind', () => {
  it('refuses a program renamed to .jpg with 415, recording nothing', async () => {
    const files = await count(s, 'files');
    const uploads = await count(s, 'feedback_uploads');
    const r = await post(citizen, exeBytes(), 'photo.jpg');
    expect(r.statusCode).toBe(415);
    expect(await count(s, 'files')).toBe(files);
    expect(await count(s, 'feedback_uploads')).toBe(uploads);
  });

  it('refuses a PDF, though the file store takes PDFs elsewhere', async () => {
    const r = await post(citizen, Buffer.from('%PDF-1.4\n%%EOF\n'), 'a.pdf', 'application/pdf');
    expect(r.statusCode).toBe(415);
  });

  it('refuses a photo over the size limit with 413, recording nothing', async () => {
    const files = await count(s, 'files');
    const noisy = await sharp(Buffer.from(Array.from({ length: 400 * 400 * 3 }, (_, i) => (i * 7919) % 251)), {
      raw: { width: 400, height: 400, channels: 3 },
    })
      .jpeg({ quality: 100 })
      .toBuffer();
    expect(noisy.length).toBeGreaterThan(64 * 1024);
    const r = await post(citizen, noisy);
    expect(r.statusCode).toBe(413);
    expect(await count(s, 'files')).toBe(files);
  });

  it('refuses an image whose header is right but whose body is broken', async () => {
    const files = await count(s, 'files');
    const uploads = await count(s, 'feedback_uploads');
    const broken = Buffer.concat([pngBytes().subarray(0, 33), Buffer.alloc(40, 7)]);
    const r = await post(citizen, broken, 'x.png', 'image/png');
    expect([400, 415]).toContain(r.statusCode);
    expect(await count(s, 'files')).toBe(files);
    expect(await count(s, 'feedback_uploads')).toBe(uploads);
  });

  it('refuses an upload from someone neither logged in nor confirmed', async () => {
    expect((await post(s.anonymous, await jpegWithExif())).statusCode).toBe(401);
  });
});
