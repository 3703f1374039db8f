import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskFileStore } from './disk-store.js';
import { FileIntegrityError, sha256Of } from './store.js';
import { TYPES } from './sniff.js';
import { docxBytes, exeBytes, pdfBytes, pngBytes } from './test-fixtures.js';

const ALLOWED = [TYPES.pdf, TYPES.png, TYPES.jpeg, TYPES.docx, TYPES.xml];
let root: string;
let store: DiskFileStore;
const logged: { level: number; msg: string; sha256?: string }[] = [];
const log = pino({ level: 'info' }, { write: (s: string) => void logged.push(JSON.parse(s)) });

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-files-'));
  store = new DiskFileStore(root, { maxBytes: 64 * 1024, allowedTypes: ALLOWED }, log);
  await store.init();
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const tmpFiles = () => fs.readdirSync(store.tmpDir);

/** A stream that hands out `total` bytes of a PDF-looking body in small chunks, counting what was read. */
function slowPdf(total: number) {
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= total) return this.push(null);
      const chunk =
        sent === 0 ? Buffer.from('%PDF-1.7\n' + ' '.repeat(1015)) : Buffer.alloc(Math.min(1024, total - sent), 0x20);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, sent: () => sent };
}

describe('disk file store', () => {
  it('stores under ab/cd/<sha256> and answers with the address, size and sniffed type', async () => {
    const bytes = pdfBytes();
    const blob = await store.put(bytes, { declaredType: 'image/png', filename: 'don.pdf' });
    expect(blob).toEqual({ sha256: sha256Of(bytes), size: bytes.length, contentType: TYPES.pdf });
    const p = path.join(root, blob.sha256.slice(0, 2), blob.sha256.slice(2, 4), blob.sha256);
    expect(fs.readFileSync(p)).toEqual(bytes);
    expect(await store.has(blob.sha256)).toBe(true);
    expect(await store.get(blob.sha256)).toEqual(bytes);
    expect(tmpFiles()).toEqual([]);
  });

  it('is idempotent: the same content is one file, whatever name or stream it came from', async () => {
    const bytes = pngBytes();
    const a = await store.put(bytes);
    const b = await store.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), { filename: 'other.png' });
    expect(b).toEqual(a);
    expect(fs.readdirSync(path.dirname(store.pathOf(a.sha256)))).toEqual([a.sha256]);
  });

  it('refuses to return bytes that no longer match their address, and logs it', async () => {
    const bytes = pdfBytes('tamper me');
    const { sha256 } = await store.put(bytes);
    const p = store.pathOf(sha256);
    const damaged = Buffer.from(bytes);
    damaged[20] = damaged[20]! ^ 0x01; // one flipped bit
    fs.writeFileSync(p, damaged);

    const err = await store.get(sha256).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileIntegrityError);
    expect((err as FileIntegrityError).status).toBe(500);
    expect((err as FileIntegrityError).code).toBe('file-integrity');
    expect(logged.some((l) => l.level === 50 && l.sha256 === sha256 && /integrity/.test(l.msg))).toBe(true);

    // The stream form errors at its end instead of ending cleanly.
    const s = await store.open(sha256);
    await expect(text(s!)).rejects.toBeInstanceOf(FileIntegrityError);

    // Storing the content again heals the damaged copy.
    await store.put(bytes);
    expect(await store.get(sha256)).toEqual(bytes);
  });

  it('streams verified bytes that end cleanly when intact', async () => {
    const bytes = docxBytes();
    const { sha256, contentType } = await store.put(bytes);
    expect(contentType).toBe(TYPES.docx);
    const chunks: Buffer[] = [];
    for await (const c of (await store.open(sha256))!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(bytes);
  });

  it('answers null for an address it does not hold', async () => {
    const missing = 'f'.repeat(64);
    expect(await store.get(missing)).toBeNull();
    expect(await store.open(missing)).toBeNull();
    expect(await store.has(missing)).toBe(false);
  });

  it('stops reading as soon as a file passes the size limit, and keeps nothing', async () => {
    const before = fs.readdirSync(root).sort();
    const src = slowPdf(1024 * 1024);
    const err = await store.put(src.stream).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 413, code: 'file-too-large' });
    expect(src.sent()).toBeLessThan(200 * 1024);
    expect(tmpFiles()).toEqual([]);
    expect(fs.readdirSync(root).sort()).toEqual(before);
  });

  it('refuses unknown content, whatever type it claims, and keeps nothing', async () => {
    const err = await store
      .put(exeBytes(), { declaredType: 'application/pdf', filename: 'hoso.pdf' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 415, code: 'file-type' });
    const xlsxNotAllowed = await store
      .put(Buffer.from('PK\x03\x04' + 'x'.repeat(40), 'latin1'))
      .catch((e: unknown) => e);
    expect(xlsxNotAllowed).toMatchObject({ status: 415 }); // a plain ZIP is not in this store's list
    expect(tmpFiles()).toEqual([]);
  });

  it('removes temp files a crash left behind, and only old ones', async () => {
    const old = path.join(store.tmpDir, 'crashed.part');
    const fresh = path.join(store.tmpDir, 'uploading.part');
    fs.writeFileSync(old, 'x');
    fs.writeFileSync(fresh, 'y');
    const hourAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(old, hourAgo, hourAgo);
    await store.init();
    expect(tmpFiles()).toEqual(['uploading.part']);
    fs.rmSync(fresh);
  });

  it('deletes a blob (maintenance only)', async () => {
    const { sha256 } = await store.put(pdfBytes('delete me'));
    await store.delete(sha256);
    expect(await store.has(sha256)).toBe(false);
  });
});
