/** The printable papers of a dossier: the receipt with the appointment, and the apology letter. */
import { and, asc, desc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { errorResponses, problems, requireAuth, sendFile, type App } from '../../platform/index.js';
import { agencies } from '../../directory/schema.js';
import { procedurePapers, procedures } from '../catalog/schema.js';
import { dossierActions, dossiers } from '../dossiers/schema.js';
import { mayRead } from '../dossiers/access.js';
import { renderApology, renderReceipt } from './receipt.js';

const tags = ['dossiers'];
const Pdf = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF' });

export async function dossierFormRoutes(app: App) {
  const { db } = app.ctx;

  async function load(req: Parameters<typeof requireAuth>[0], id: string) {
    const p = requireAuth(req);
    const [d] = await db.select().from(dossiers).where(eq(dossiers.id, id));
    if (!d || !(await mayRead(d, p, app.ctx.scopes))) throw problems.notFound({ vi: 'hồ sơ', en: 'Dossier' });
    const [proc] = await db.select().from(procedures).where(eq(procedures.id, d.procedureId));
    const [desk] = await db.select().from(agencies).where(eq(agencies.id, d.receivingAgencyId));
    const parent = desk?.parentId ? (await db.select().from(agencies).where(eq(agencies.id, desk.parentId)))[0] : undefined;
    return { d, proc: proc!, agency: { parent: parent?.name, name: desk?.name ?? '' } };
  }

  app.get('/api/dossiers/:id/receipt.pdf', {
    schema: { tags, summary: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF) — receipt with the appointment', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), produces: ['application/pdf'], response: { 200: Pdf, ...errorResponses(401, 404, 409) } },
  }, async (req, reply) => {
    const { d, proc, agency } = await load(req, req.params.id);
    if (!d.receivedAt || !d.dueAt) throw problems.conflict({ vi: 'Hồ sơ chưa được tiếp nhận nên chưa có giấy hẹn.', en: 'The dossier is not received yet, so it has no receipt.' }, { code: 'not-received' });
    const papers = await db.select().from(procedurePapers).where(eq(procedurePapers.procedureId, d.procedureId)).orderBy(asc(procedurePapers.ordinal));
    const attached = new Set(d.attachments.filter((a) => a.files.length).map((a) => a.paperId));
    const [received] = await db.select().from(dossierActions).where(and(eq(dossierActions.dossierId, d.id), eq(dossierActions.action, 'receive'))).limit(1);
    const pdf = await renderReceipt({
      code: d.code,
      agency,
      place: 'Huế',
      receivedAt: d.receivedAt,
      dueAt: d.dueAt,
      procedureName: proc.name,
      applicant: { name: d.applicantName, address: d.applicantAddress, phone: d.applicantPhone, email: d.applicantEmail },
      // Online dossiers list what was attached; counter dossiers list the procedure's papers.
      papers: papers.filter((p) => d.channel === 'counter' || attached.has(p.id)).map((p) => ({ name: p.name, originals: p.originals, copies: p.copies })),
      officer: received?.actorLabel ?? null,
      channel: d.channel,
      lookupUrl: `${app.ctx.config.publicUrl}/lookup`,
    });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="giay-hen-${d.code}.pdf"`).send(pdf);
  });

  // The applicant reads the files of their own dossier (the result, papers staff scanned for them)
  // through the dossier, not through the file store, which serves only uploaders and staff.
  app.get('/api/dossiers/:id/files/:sha256', {
    schema: {
      tags,
      summary: 'Tải tệp của hồ sơ (kết quả, giấy tờ) — download a file of a dossier',
      params: Type.Object({ id: Type.String({ format: 'uuid' }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses(401, 404) },
    },
  }, async (req, reply) => {
    const { d } = await load(req, req.params.id);
    const sha = req.params.sha256;
    const paper = d.attachments.find((a) => a.files.includes(sha));
    if (d.resultSha256 !== sha && !paper) throw problems.notFound({ vi: 'tệp của hồ sơ', en: 'Dossier file' }, { code: 'file-not-found' });
    const name = d.resultSha256 === sha ? `ket-qua-${d.code}` : (paper?.name ?? null);
    return sendFile(reply, await app.ctx.files.readFile(sha), { filename: name });
  });

  app.get('/api/dossiers/:id/apology.pdf', {
    schema: { tags, summary: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả (PDF) — apology letter', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), produces: ['application/pdf'], response: { 200: Pdf, ...errorResponses(401, 404, 409) } },
  }, async (req, reply) => {
    const { d, proc, agency } = await load(req, req.params.id);
    const [apology] = await db.select().from(dossierActions).where(and(eq(dossierActions.dossierId, d.id), eq(dossierActions.action, 'apologize'))).orderBy(desc(dossierActions.seq)).limit(1);
    if (!apology || !d.newDueAt || !d.receivedAt || !d.dueAt) throw problems.conflict({ vi: 'Hồ sơ chưa có phiếu xin lỗi.', en: 'The dossier has no apology letter.' }, { code: 'no-apology' });
    const reason = typeof apology.details.reason === 'string' ? apology.details.reason : '';
    const pdf = await renderApology({ code: d.code, agency, place: 'Huế', date: apology.at, applicantName: d.applicantName, procedureName: proc.name, receivedAt: d.receivedAt, dueAt: d.dueAt, newDueAt: d.newDueAt, reason });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="phieu-xin-loi-${d.code}.pdf"`).send(pdf);
  });
}
