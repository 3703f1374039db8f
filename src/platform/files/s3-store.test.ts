import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { AwsClient } from 'aws4fetch';
import S3rver from 's3rver';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3FileStore, type S3Options } from './s3-store.js';
import { FileIntegrityError, blobKey, sha256Of } from './store.js';
import { TYPES } from './sniff.js';
import { exeBytes, multipartBody, pdfBytes, pngBytes, xlsxBytes } from './test-fixtures.js';
import { testServer, type TestServer } from '../testing/index.js';

/**
 * The S3 driver against a real S3-compatible HTTP server (s3rver, in this process, on loopback).
 * s3rver does not check signatures or x-amz-content-sha256, so those are exercised only against
 * a real deployment (MinIO, Ceph, AWS).
 */
let dir: string;
let server: S3rver;
let s3: S3Options;
let store: S3FileStore;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-s3-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: path.join(dir, 's3'),
    configureBuckets: [{ name: 'tinhso' }],
  });
  const { port } = await server.run();
  s3 = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'tinhso',
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
  store = new S3FileStore(
    { ...s3, prefix: 'files/' },
    { maxBytes: 64 * 1024, allowedTypes: [TYPES.pdf, TYPES.png, TYPES.xlsx] },
    path.join(dir, 'tmp'),
    pino({ level: 'silent' }),
  );
  await store.init();
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const raw = () =>
  new AwsClient({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, service: 's3', region: s3.region });
const objectUrl = (sha: string) => `${s3.endpoint}/${s3.bucket}/files/${blobKey(sha)}`;

describe('S3 file store', () => {
  it('puts and gets verified bytes at files/ab/cd/<sha256>', async () => {
    const bytes = xlsxBytes();
    const blob = await store.put(Readable.from([bytes]), { filename: 'bao-cao.xlsx' });
    expect(blob).toEqual({ sha256: sha256Of(bytes), size: bytes.length, contentType: TYPES.xlsx });
    const res = await raw().fetch(objectUrl(blob.sha256));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect(await store.get(blob.sha256)).toEqual(bytes);
    expect(await store.has(blob.sha256)).toBe(true);
    expect(fs.readdirSync(store.tmpDir)).toEqual([]);
  });

  it('detects an object whose bytes were changed in the bucket', async () => {
    const bytes = pdfBytes('s3 tamper');
    const { sha256 } = await store.put(bytes);
    const damaged = Buffer.from(bytes);
    damaged[12] = damaged[12]! ^ 0x01;
    const put = await raw().fetch(objectUrl(sha256), { method: 'PUT', body: damaged });
    expect(put.ok).toBe(true);
    await expect(store.get(sha256)).rejects.toBeInstanceOf(FileIntegrityError);
    await expect(text((await store.open(sha256))!)).rejects.toBeInstanceOf(FileIntegrityError);
  });

  it('answers null for a missing object and deletes', async () => {
    const { sha256 } = await store.put(pngBytes());
    await store.delete(sha256);
    expect(await store.has(sha256)).toBe(false);
    expect(await store.get(sha256)).toBeNull();
    expect(await store.open(sha256)).toBeNull();
  });

  it('refuses oversize and unknown content before anything reaches the bucket', async () => {
    await expect(store.put(Buffer.concat([pdfBytes(), Buffer.alloc(70 * 1024)]))).rejects.toMatchObject({
      status: 413,
    });
    await expect(store.put(exeBytes(), { declaredType: 'application/pdf' })).rejects.toMatchObject({ status: 415 });
    expect(fs.readdirSync(store.tmpDir)).toEqual([]);
  });
});

describe('FILES_DRIVER=s3 through the HTTP API', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await testServer({ config: { dataDir: path.join(dir, 'data'), files: { driver: 's3', s3 } } });
  });
  afterAll(() => t?.close());

  it('uploads to the bucket and serves the verified bytes back', async () => {
    const admin = await t.login('admin');
    const bytes = pdfBytes('qua S3');
    const up = await admin.request({
      method: 'POST',
      url: '/api/files',
      ...multipartBody(bytes, { filename: 'to-trinh.pdf', contentType: 'application/pdf' }),
    });
    expect(up.statusCode).toBe(201);
    const { sha256 } = up.json();
    expect(t.ctx.files.store.driver).toBe('s3');
    expect((await raw().fetch(`${s3.endpoint}/${s3.bucket}/${blobKey(sha256)}`, { method: 'HEAD' })).status).toBe(200);
    const down = await admin.get(`/api/files/${sha256}`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload).toEqual(bytes);
  });
});
