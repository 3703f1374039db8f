/** The printable papers of a dossier: the receipt with the appointment, and the apology letter. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { errorResponses, problems, queryRows, requireAuth, sendFile, type App } from '../../platform/index.js';
import { procedurePapers, procedures } from '../catalog/schema.js';
import { dossierActions, dossiers } from '../dossiers/schema.js';
import { mayRead } from '../dossiers/access.js';
import { renderApology, renderReceipt } from './receipt.js';
import { agencies } from '../../directory/index.js';

const tags = ['dossiers'];

const DossierFile = Type.Object({
  sha256: Type.String(),
  filename: Type.Union([Type.String(), Type.Null()], {
    description: 'The name it was uploaded under; null when none was given',
  }),
  size: Type.Integer({ description: 'Bytes' }),
  contentType: Type.String(),
});
const Pdf = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF' });

export async function dossierFormRoutes(app: App) {
  const { db } = app.ctx;

  async function load(req: Parameters<typeof requireAuth>[0], id: string) {
    const p = requireAuth(req);
    const [d] = await db.select().from(dossiers).where(eq(dossiers.id, id));
    if (!d || !(await mayRead(d, p, app.ctx.scopes))) throw problems.notFound({ vi: 'hồ sơ', en: 'Dossier' });
    const [proc] = await db.select().from(procedures).where(eq(procedures.id, d.procedureId));
    const [desk] = await db.select().from(agencies).where(eq(agencies.id, d.receivingAgencyId));
    const parent = desk?.parentId
      ? (await db.select().from(agencies).where(eq(agencies.id, desk.parentId)))[0]
      : undefined;
    return { d, proc: proc!, agency: { parent: parent?.name, name: desk?.name ?? '' } };
  }

  app.get(
    '/api/dossiers/:id/receipt.pdf',
    {
      schema: {
        tags,
        summary: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF) — receipt with the appointment',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        produces: ['application/pdf'],
        response: { 200: Pdf, ...errorResponses(401, 404, 409) },
      },
    },
    async (req, reply) => {
      const { d, proc, agency } = await load(req, req.params.id);
      if (!d.receivedAt || !d.dueAt)
        throw problems.conflict(
          {
            vi: 'Hồ sơ chưa được tiếp nhận nên chưa có giấy hẹn.',
            en: 'The dossier is not received yet, so it has no receipt.',
          },
          { code: 'not-received' },
        );
      const papers = await db
        .select()
        .from(procedurePapers)
        .where(eq(procedurePapers.procedureId, d.procedureId))
        .orderBy(asc(procedurePapers.ordinal));
      const attached = new Set(d.attachments.filter((a) => a.files.length).map((a) => a.paperId));
      const [received] = await db
        .select()
        .from(dossierActions)
        .where(and(eq(dossierActions.dossierId, d.id), eq(dossierActions.action, 'receive')))
        .limit(1);
      const pdf = await renderReceipt({
        code: d.code,
        agency,
        place: 'Huế',
        receivedAt: d.receivedAt,
        dueAt: d.dueAt,
        procedureName: proc.name,
        applicant: {
          name: d.applicantName,
          address: d.applicantAddress,
          phone: d.applicantPhone,
          email: d.applicantEmail,
        },
        // Online dossiers list what was attached; counter dossiers list the procedure's papers.
        papers: papers
          .filter((p) => d.channel === 'counter' || attached.has(p.id))
          .map((p) => ({ name: p.name, originals: p.originals, copies: p.copies })),
        officer: received?.actorLabel ?? null,
        channel: d.channel,
        lookupUrl: `${app.ctx.config.publicUrl}/lookup`,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="giay-hen-${d.code}.pdf"`)
        .send(pdf);
    },
  );

  // The applicant reads the files of their own dossier (the result, papers staff scanned for them)
  // through the dossier, not through the file store, which serves only uploaders and staff.
  app.get(
    '/api/dossiers/:id/files/:sha256',
    {
      schema: {
        tags,
        summary: 'Tải tệp của hồ sơ (kết quả, giấy tờ) — download a file of a dossier',
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses(401, 404) },
      },
    },
    async (req, reply) => {
      const { d } = await load(req, req.params.id);
      const sha = req.params.sha256;
      const paper = d.attachments.find((a) => a.files.includes(sha));
      if (d.resultSha256 !== sha && !paper)
        throw problems.notFound({ vi: 'tệp của hồ sơ', en: 'Dossier file' }, { code: 'file-not-found' });
      const name = d.resultSha256 === sha ? `ket-qua-${d.code}` : (paper?.name ?? null);
      return sendFile(reply, await app.ctx.files.readFile(sha), { filename: name });
    },
  );

  app.get(
    '/api/dossiers/:id/files',
    {
      schema: {
        tags,
        summary: 'Tệp của hồ sơ: tên, dung lượng — the files of a dossier by name and size',
        description:
          'Each file the papers and the result name, with the name it was uploaded under by the applicant or by staff who acted on the dossier (the same bytes sent by someone else keep their name to themselves).',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ items: Type.Array(DossierFile) }), ...errorResponses(401, 404) },
      },
    },
    async (req) => {
      const { d } = await load(req, req.params.id);
      const shas = [
        ...new Set([...d.attachments.flatMap((a) => a.files), ...(d.resultSha256 ? [d.resultSha256] : [])]),
      ];
      if (!shas.length) return { items: [] };
      const rows = await queryRows<{
        sha256: string;
        size: number | string;
        content_type: string;
        filename: string | null;
      }>(
        db,
        sql`
      SELECT f.sha256, f.size, f.content_type,
             (SELECT u.filename FROM file_uploads u
               WHERE u.sha256 = f.sha256 AND u.filename IS NOT NULL
                 AND (u.account_id = ${d.applicantAccountId}
                      OR u.account_id IN (SELECT actor_id FROM dossier_actions WHERE dossier_id = ${d.id} AND actor_id IS NOT NULL))
               ORDER BY (u.account_id = ${d.applicantAccountId}) IS TRUE DESC, u.uploaded_at
               LIMIT 1) AS filename
        FROM files f
       WHERE f.sha256 IN (SELECT jsonb_array_elements_text(${JSON.stringify(shas)}::jsonb))`,
      );
      const bySha = new Map(rows.map((r) => [r.sha256, r]));
      return {
        items: shas.flatMap((sha) => {
          const r = bySha.get(sha);
          return r ? [{ sha256: sha, filename: r.filename, size: Number(r.size), contentType: r.content_type }] : [];
        }),
      };
    },
  );

  app.get(
    '/api/dossiers/:id/apology.pdf',
    {
      schema: {
        tags,
        summary: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả (PDF) — apology letter',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        produces: ['application/pdf'],
        response: { 200: Pdf, ...errorResponses(401, 404, 409) },
      },
    },
    async (req, reply) => {
      const { d, proc, agency } = await load(req, req.params.id);
      const [apology] = await db
        .select()
        .from(dossierActions)
        .where(and(eq(dossierActions.dossierId, d.id), eq(dossierActions.action, 'apologize')))
        .orderBy(desc(dossierActions.seq))
        .limit(1);
      if (!apology || !d.newDueAt || !d.receivedAt || !d.dueAt)
        throw problems.conflict(
          { vi: 'Hồ sơ chưa có phiếu xin lỗi.', en: 'The dossier has no apology letter.' },
          { code: 'no-apology' },
        );
      const reason = typeof apology.details.reason === 'string' ? apology.details.reason : '';
      const pdf = await renderApology({
        code: d.code,
        agency,
        place: 'Huế',
        date: apology.at,
        applicantName: d.applicantName,
        procedureName: proc.name,
        receivedAt: d.receivedAt,
        dueAt: d.dueAt,
        newDueAt: d.newDueAt,
        reason,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="phieu-xin-loi-${d.code}.pdf"`)
        .send(pdf);
    },
  );
}
