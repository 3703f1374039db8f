/** Fixtures for the documents tests: the demo justice department with a unit (phòng), its people, real PDFs. */
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import PDFDocument from 'pdfkit';
import { agencyByCode, createAgency } from '../directory/index.js';
import { staffWith } from '../directory/test-fixtures.js';
import { multipartBody } from '../platform/files/test-fixtures.js';
import type { Client, TestServer } from '../platform/testing/index.js';
import { documentAgencySettings } from './schema.js';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf');

/** A real PDF: with a text layer (a born-digital document), or only a drawing (a scan without OCR). */
export function makePdf(text: string | null): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  if (text === null) doc.rect(50, 50, 400, 600).fill('#777777');
  else doc.font(FONT).fontSize(12).text(text, 72, 72, { width: 450 });
  doc.end();
  return done;
}

export async function upload(
  c: Client,
  data: Buffer,
  filename = 'van-ban.pdf',
  contentType = 'application/pdf',
): Promise<string> {
  const r = await c.request({ method: 'POST', url: '/api/files', ...multipartBody(data, { filename, contentType }) });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { sha256: string }).sha256;
}

export interface Office {
  justice: string;
  unit: string;
  clerk: Client;
  leader: Client;
  specialist: Client;
  unitHead: Client;
  otherClerk: Client;
}

let units = 0;

/**
 * Sở Tư pháp (demo) with a unit under it (Phòng Hành chính tư pháp), its abbreviations, and a clerk,
 * the demo leader and specialist, the unit head (a leader of the unit), and a clerk of another agency.
 */
export async function office(s: TestServer): Promise<Office> {
  const db = s.ctx.db;
  // An agency of its own per test file: the demo's registers and documents do not move its numbers.
  const n = 60 + ++units;
  const province = (await agencyByCode(db, '000.00.00.H57'))!.id;
  const justice = (
    await createAgency(db, {
      code: `000.00.${n}.H57`,
      name: 'Sở Tư pháp thành phố Huế (thử nghiệm)',
      shortName: 'Sở Tư pháp',
      level: 'department',
      parentId: province,
    })
  ).id;
  const construction = await agencyByCode(db, '000.00.05.H57');
  const unit = await createAgency(db, {
    code: `001.${n}.04.H57`,
    name: 'Phòng Hành chính tư pháp',
    shortName: 'Phòng HCTP',
    level: 'unit',
    parentId: justice,
  });
  await db
    .insert(documentAgencySettings)
    .values([
      { agencyId: justice, abbreviation: 'STP', place: 'Huế', parentName: 'UBND THÀNH PHỐ HUẾ' },
      { agencyId: unit.id, abbreviation: 'HCTP', place: 'Huế' },
    ])
    .onConflictDoNothing();
  const scope = (id: string) => ({ scopeKind: 'agency' as const, scopeId: id });
  return {
    justice,
    unit: unit.id,
    clerk: await staffWith(s, [{ role: 'clerk', ...scope(justice) }], { agencyId: justice }),
    leader: await staffWith(s, [{ role: 'leader', ...scope(justice) }], { agencyId: justice }),
    specialist: await staffWith(s, [{ role: 'specialist', ...scope(justice) }], { agencyId: justice }),
    unitHead: await staffWith(s, [{ role: 'leader', ...scope(unit.id) }], { agencyId: unit.id }),
    otherClerk: await staffWith(s, [{ role: 'clerk', ...scope(construction!.id) }], { agencyId: construction!.id }),
  };
}

/** Runs an action and expects it to succeed; answers the document after it. */
export async function act(c: Client, id: string, action: string, body: Record<string, unknown> = {}) {
  const r = await c.post(`/api/documents/${id}/actions/${action}`, body);
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return (
    r.json() as {
      document: Record<string, unknown> & { status: string; numberSymbol: string | null; number: number | null };
    }
  ).document;
}

/** A draft carried through review and approval by the office's people, ready for the clerk's number. */
export async function approvedDraft(o: Office, fields: { typeCode?: string; summary?: string; body?: string } = {}) {
  const r = await o.specialist.post('/api/documents/drafts', {
    agencyId: o.justice,
    draftingUnitId: o.unit,
    typeCode: fields.typeCode ?? 'CV',
    summary: fields.summary ?? 'V/v trả lời kiến nghị của công dân',
    body: fields.body ?? 'Sở Tư pháp nhận được kiến nghị của công dân.\nSở Tư pháp trả lời như sau.',
    recipients: [{ name: 'Ông Nguyễn Văn A' }],
    signerCapacity: 'KT. GIÁM ĐỐC',
    signerTitle: 'PHÓ GIÁM ĐỐC',
  });
  expect(r.statusCode, r.body).toBe(201);
  const id = (r.json() as { id: string }).id;
  await act(o.specialist, id, 'submit');
  await act(o.unitHead, id, 'review', { signerId: o.leader.accountId, signerName: 'Lê Văn Lãnh Đạo' });
  await act(o.leader, id, 'approve');
  return id;
}
