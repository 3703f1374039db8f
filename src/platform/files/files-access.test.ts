/**
 * A stored file is served only through the record that holds it, under that record's rules: the file
 * store itself serves an upload to its uploader only. A leader of one department once listed and
 * downloaded every upload of the province, the private originals of report photos among them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type Client, type TestServer } from '../testing/index.js';
import { citizenAccount, demoPlaces } from '../../directory/test-fixtures.js';
import { makeProcedure, submitDossier, uploadPdf } from '../../procedures/dossiers/test-fixtures.js';
import { jpegWithExif, reportBody, staffIn, uploadPhoto } from '../../feedback/test-fixtures.js';

let s: TestServer;
let citizen: Client;
let leader: Client;
let places: Awaited<ReturnType<typeof demoPlaces>>;

beforeAll(async () => {
  s = await testServer();
  citizen = await s.login('congdan');
  leader = await s.login('lanhdao');
  places = await demoPlaces(s);
});
afterAll(async () => s?.close());

describe('GET /api/files/:sha256 serves its uploader only', () => {
  it('answers a leader, an administrator and another citizen 404, as for a file that does not exist', async () => {
    const sha = await uploadPdf(citizen, 'Giấy tờ riêng của công dân');
    expect((await citizen.get(`/api/files/${sha}`)).statusCode).toBe(200);
    for (const c of [leader, await s.login('admin'), await citizenAccount(s)]) {
      const r = await c.get(`/api/files/${sha}`);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ code: 'file-not-found' });
    }
  });
});

describe('a dossier’s files are read through the dossier', () => {
  it('staff of the handling agency read them; staff of another agency do not', async () => {
    const proc = await makeProcedure(s.ctx.db);
    const d = await submitDossier(citizen, proc, {
      receivingAgencyId: places.centre,
      applicant: { phone: '0912345678' },
    });
    const sha = (d.attachments as { files: string[] }[])[0]!.files[0]!;
    const ok = await leader.get(`/api/dossiers/${d.id}/files/${sha}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pdf');
    const police = await s.login('congan');
    expect([403, 404]).toContain((await police.get(`/api/dossiers/${d.id}/files/${sha}`)).statusCode);
    // Not through the file store: the dossier is the way.
    expect((await leader.get(`/api/files/${sha}`)).statusCode).toBe(404);
  });
});

describe('a report photo’s private original is read through the report by those who handle it', () => {
  it('serves the original, with its metadata, to the handling agency only; the public copy to anyone', async () => {
    const photo = await uploadPhoto(citizen, await jpegWithExif({ r: 10, g: 200, b: 30 }));
    const r = await citizen.post('/api/feedback/reports', reportBody({ photos: [photo.sha256] }));
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().report.publicId as string;
    // Where it was reported (Phú Xuân), the ward's People's Committee handles it.
    expect(r.json().report.agency.code).toBe('000.00.41.H57');
    const handler = await staffIn(s, '000.00.41.H57', 'specialist');
    const original = await handler.get(`/api/feedback/reports/${id}/photos/${photo.sha256}/original`);
    expect(original.statusCode).toBe(200);
    expect(original.rawPayload.includes(Buffer.from('Exif'))).toBe(true);
    for (const c of [leader, await s.login('congan'), citizen]) {
      expect((await c.get(`/api/feedback/reports/${id}/photos/${photo.sha256}/original`)).statusCode).toBe(404);
      expect((await c.get(`/api/files/${photo.sha256}`)).statusCode).toBe(c === citizen ? 200 : 404);
    }
    expect((await s.anonymous.get(photo.publicUrl)).statusCode).toBe(200);
  });
});
