import crypto from 'node:crypto';
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { createAccount, grantRole, queryRows, normalizeVnPhone } from '../platform/index.js';
import type { Client, TestServer } from '../platform/testing/index.js';
import { agencyByCode } from '../directory/index.js';

/** Places in Huế (demo boundaries): inside Phú Xuân ward, inside Thuận An ward, at sea, in Đà Nẵng. */
export const PLACES = {
  phuXuan: { lat: 16.4698, lng: 107.5786 },
  thuanAn: { lat: 16.555, lng: 107.64 },
  sea: { lat: 16.7, lng: 107.8 },
  daNang: { lat: 16.0544, lng: 108.2022 },
};

export const AGENCIES = {
  vp: '000.00.01.H57',
  xayDung: '000.00.05.H57',
  moiTruong: '000.00.06.H57',
  ubnd: '000.00.00.H57',
  phuXuan: '000.00.41.H57',
};

/** A small JPEG carrying what must never reach the public: a camera serial, an owner, a GPS position. */
export async function jpegWithExif(color = { r: 200, g: 50, b: 50 }): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TinhSoCam', Model: 'Serial-ABC123', Copyright: 'Nguyen Van A' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '16/1 28/1 12/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '107/1 34/1 43/1',
      },
    })
    .toBuffer();
}

export function multipart(data: Buffer, filename = 'photo.jpg', type = 'image/jpeg') {
  const boundary = `----tinhso${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, data, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads a photo and returns the original's sha256 (what reports refer to). */
export async function uploadPhoto(
  c: Client,
  data?: Buffer,
  headers: Record<string, string> = {},
): Promise<{ sha256: string; publicSha256: string; publicUrl: string }> {
  const m = multipart(
    data ?? (await jpegWithExif({ r: crypto.randomInt(255), g: crypto.randomInt(255), b: crypto.randomInt(255) })),
  );
  const r = await c.request({
    method: 'POST',
    url: '/api/feedback/photos',
    payload: m.payload,
    headers: { ...m.headers, ...headers },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

let n = 0;
/** A report body; each call a little apart so duplicate detection leaves them alone unless told. */
export function reportBody(over: Record<string, unknown> = {}) {
  n++;
  return {
    category: 'moi-truong',
    description: `Rác thải đổ trộm bên đường, lần ${n}`,
    ...PLACES.phuXuan,
    confirmNew: true,
    ...over,
  };
}

export async function agencyId(s: TestServer, code: string): Promise<string> {
  const a = await agencyByCode(s.database.db, code);
  if (!a) throw new Error(`no agency ${code}`);
  return a.id;
}

/** A staff account with a role in an agency, logged in. */
export async function staffIn(
  s: TestServer,
  agencyCode: string,
  role: 'officer' | 'specialist' | 'leader' = 'specialist',
): Promise<Client> {
  const username = `fb_${role}_${crypto.randomBytes(4).toString('hex')}`;
  const acc = await createAccount(s.database.db, { username, displayName: username, password: 'TinhSo@2026' });
  await grantRole(s.database.db, acc.id, { role, scopeKind: 'agency', scopeId: await agencyId(s, agencyCode) });
  return s.login(username, 'TinhSo@2026');
}

export async function count(s: TestServer, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(s.database.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
  return Number(row!.n);
}

/** Logs a phone in by one-time code, reading the code from the development SMS outbox. */
export async function phoneTicket(s: TestServer, phone: string): Promise<string> {
  const sent = await s.anonymous.post('/api/feedback/phone/code', { phone });
  expect(sent.statusCode, sent.body).toBe(200);
  const code = await lastCode(s, phone);
  const v = await s.anonymous.post('/api/feedback/phone/verify', { phone, code });
  expect(v.statusCode, v.body).toBe(200);
  return v.json().ticket as string;
}

export async function lastCode(s: TestServer, phone: string): Promise<string> {
  const intl = normalizeVnPhone(phone);
  const [row] = await queryRows<{ body: string }>(
    s.database.db,
    sql`SELECT body FROM sms_outbox WHERE "to" = ${intl} ORDER BY id DESC LIMIT 1`,
  );
  const m = /(\d{6})/.exec(row?.body ?? '');
  if (!m) throw new Error(`no code sent to ${phone}`);
  return m[1]!;
}
