/**
 * The papers of a new dossier, resolved before it is written: each procedure paper is uploaded, picked
 * from the applicant's repository, only shown at the desk, or taken from a national database (from the
 * account's verified identity, or by a lookup the applicant consents to). Online, a paper the procedure
 * says is shown at the desk or taken from a national database is never asked for as an upload.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Db, Executor, FieldError } from '../../platform/index.js';
import type { ProcedureDetail } from '../catalog/service.js';
import type { PaperAttachment } from '../dossiers/schema.js';
import { repositoryDocuments, type RepositoryDocument } from '../repository/schema.js';
import { nationalDatabases, sameName } from './national.js';
import { nationalLookups } from './schema.js';
import type { NationalSource } from './sources.js';
import { accounts, StringEnum } from '../../platform/index.js';

const Sha256 = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 của tệp đã tải lên — the file’s content address',
});

/** A paper of a new dossier as the applicant (or the desk) gives it. */
export const IntakeAttachmentSchema = Type.Object(
  {
    paperId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description: 'Thành phần hồ sơ (procedure_papers.id); null = giấy tờ khác',
    }),
    name: Type.Optional(Type.String({ maxLength: 300 })),
    files: Type.Optional(Type.Array(Sha256, { maxItems: 20 })),
    source: Type.Optional(
      StringEnum(['upload', 'repository', 'desk', 'national'] as const, {
        description:
          'upload (mặc định): tệp đã tải lên; repository: giấy tờ trong kho dữ liệu (documentId); desk: xuất trình tại quầy; national: khai thác từ CSDL quốc gia (consent)',
      }),
    ),
    documentId: Type.Optional(
      Type.String({ format: 'uuid', description: 'source = repository: tài liệu trong kho dữ liệu của người nộp' }),
    ),
    consent: Type.Optional(
      Type.Boolean({ description: 'source = national: người nộp đồng ý cho khai thác thông tin của mình' }),
    ),
  },
  { additionalProperties: false },
);

export interface IntakeAttachment {
  paperId: string | null;
  name?: string;
  files?: string[];
  source?: 'upload' | 'repository' | 'desk' | 'national';
  documentId?: string;
  consent?: boolean;
}

export interface PaperContext {
  procedure: ProcedureDetail;
  channel: 'online' | 'counter';
  /** The account submitting (online) or receiving (at the desk). */
  accountId: string;
  applicant: { name: string; idNumber?: string | null };
  now: Date;
}

export interface ResolvedPapers {
  attachments: PaperAttachment[];
  /** Files the actor must have uploaded (the repository's files are the owner's, checked here). */
  uploads: string[];
  errors: FieldError[];
  /** Attachments (by index) waiting for a national lookup the applicant consented to. */
  lookups: { index: number; source: NationalSource }[];
}

const err = (field: string, code: string, vi: string, en: string): FieldError => ({ field, code, message: { vi, en } });

const SOURCE_NAMES: Record<NationalSource, { vi: string; en: string }> = {
  population: { vi: 'Cơ sở dữ liệu quốc gia về dân cư', en: 'the national population database' },
  'civil-status': { vi: 'Cơ sở dữ liệu hộ tịch điện tử', en: 'the electronic civil status database' },
  business: { vi: 'Cơ sở dữ liệu quốc gia về đăng ký doanh nghiệp', en: 'the national business registration database' },
  land: { vi: 'Cơ sở dữ liệu đất đai quốc gia', en: 'the national land database' },
  insurance: { vi: 'Cơ sở dữ liệu quốc gia về bảo hiểm', en: 'the national insurance database' },
};
export const nationalSourceName = (s: NationalSource) => SOURCE_NAMES[s];

/** Identity numbers the account has proved: by its national identity login, or a population lookup it consented to. */
export async function verifiedIdNumbers(ex: Executor, accountId: string): Promise<string[]> {
  const rows = await ex
    .selectDistinct({ idNumber: nationalLookups.idNumber })
    .from(nationalLookups)
    .where(
      and(
        eq(nationalLookups.accountId, accountId),
        eq(nationalLookups.source, 'population'),
        eq(nationalLookups.outcome, 'found'),
      ),
    );
  return rows.map((r) => r.idNumber);
}

/** Has the account logged in through the national identity provider (VNeID by OpenID Connect)? Its identity is then verified. */
export async function identityVerified(ex: Executor, accountId: string): Promise<boolean> {
  const [a] = await ex
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, accountId), isNotNull(accounts.oidcIssuer)));
  return Boolean(a);
}

/** The repository documents this account may use: its own, and results kept under an identity number it proved. */
export async function documentsOf(ex: Executor, accountId: string, ids: string[]): Promise<RepositoryDocument[]> {
  if (!ids.length) return [];
  const numbers = await verifiedIdNumbers(ex, accountId);
  const owner = numbers.length
    ? sql`(${repositoryDocuments.ownerAccountId} = ${accountId} OR ${inArray(repositoryDocuments.ownerIdNumber, numbers)})`
    : eq(repositoryDocuments.ownerAccountId, accountId);
  return ex
    .select()
    .from(repositoryDocuments)
    .where(and(inArray(repositoryDocuments.id, ids), owner));
}

const localDate = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/** Checks and normalises the papers; nothing is written (a lookup waits for `runLookups`). */
export async function resolvePapers(
  ex: Executor,
  ctx: PaperContext,
  given: IntakeAttachment[],
): Promise<ResolvedPapers> {
  const { procedure, channel } = ctx;
  const errors: FieldError[] = [];
  const papers = new Map(procedure.papers.map((p) => [p.id, p]));
  const out: PaperAttachment[] = [];
  const uploads: string[] = [];
  const lookups: ResolvedPapers['lookups'] = [];
  const wanted = given.filter((a) => a.source === 'repository' && a.documentId).map((a) => a.documentId!);
  // Online, only the applicant's own documents; at the desk the repository is not offered (the officer scans the paper).
  const docs = new Map(
    (channel === 'online' ? await documentsOf(ex, ctx.accountId, [...new Set(wanted)]) : []).map((d) => [d.id, d]),
  );
  const today = localDate(ctx.now);

  // A paper given but wrongly is named by its own error, not also reported missing.
  const attempted = new Set(given.map((a) => a.paperId));
  given.forEach((a, i) => {
    const at = `/body/attachments/${i}`;
    const paper = a.paperId ? papers.get(a.paperId) : undefined;
    if (a.paperId && !paper) {
      errors.push(
        err(
          `${at}/paperId`,
          'unknown-paper',
          'Thành phần hồ sơ không thuộc thủ tục này.',
          'This paper is not one of the procedure’s.',
        ),
      );
      return;
    }
    const base = { paperId: a.paperId, ...(a.name ? { name: a.name } : {}) };
    const source = a.source ?? 'upload';
    if (source === 'upload') {
      const files = a.files ?? [];
      if (!files.length)
        return void errors.push(
          err(`${at}/files`, 'files-required', 'Cần tải lên ít nhất một tệp.', 'Upload at least one file.'),
        );
      uploads.push(...files);
      out.push({ ...base, files, source: 'upload' });
      return;
    }
    if (source === 'repository') {
      const doc = a.documentId ? docs.get(a.documentId) : undefined;
      // Another citizen's document answers exactly as one that does not exist.
      if (!doc)
        return void errors.push(
          err(
            `${at}/documentId`,
            'document-not-found',
            'Không có giấy tờ này trong kho dữ liệu của bạn.',
            'No such document in your repository.',
          ),
        );
      if (paper?.kindCode && doc.kindCode !== paper.kindCode)
        return void errors.push(
          err(
            `${at}/documentId`,
            'wrong-kind',
            `Giấy tờ này không phải loại thủ tục yêu cầu (${paper.name}).`,
            `This document is not of the kind the paper asks for (${paper.name}).`,
          ),
        );
      if (doc.validUntil && doc.validUntil < today)
        return void errors.push(
          err(`${at}/documentId`, 'document-expired', 'Giấy tờ này đã hết hiệu lực.', 'This document has expired.'),
        );
      out.push({ ...base, files: [doc.sha256], source: 'repository', documentId: doc.id });
      return;
    }
    if (!paper || paper.provision === 'upload') {
      return void errors.push(
        err(
          `${at}/source`,
          'upload-required',
          'Thành phần hồ sơ này phải nộp bản điện tử.',
          'This paper must be uploaded.',
        ),
      );
    }
    if (source === 'desk' || channel === 'counter') {
      out.push({ ...base, files: [], source: 'desk' });
      return;
    }
    // source === 'national', online
    if (paper.provision !== 'national')
      return void errors.push(
        err(
          `${at}/source`,
          'not-national',
          'Thành phần hồ sơ này được xuất trình tại quầy.',
          'This paper is shown at the desk.',
        ),
      );
    if (a.consent !== true)
      return void errors.push(
        err(
          `${at}/consent`,
          'consent-required',
          `Cần sự đồng ý của bạn để khai thác thông tin từ ${nationalSourceName(paper.nationalSource!).vi}.`,
          `Your consent is needed to look you up in ${nationalSourceName(paper.nationalSource!).en}.`,
        ),
      );
    lookups.push({ index: out.length, source: paper.nationalSource! });
    out.push({ ...base, files: [], source: 'national' });
  });

  // Papers the applicant need not send: what the procedure says is shown at the desk or held by the state.
  const verified =
    channel === 'online' && procedure.papers.some((p) => p.provision === 'national')
      ? await identityVerified(ex, ctx.accountId)
      : false;
  for (const paper of procedure.papers) {
    if (attempted.has(paper.id)) continue;
    if (paper.provision === 'desk' || (paper.provision === 'national' && channel === 'counter')) {
      out.push({ paperId: paper.id, files: [], source: 'desk' });
    } else if (paper.provision === 'national' && paper.nationalSource === 'population' && verified) {
      out.push({ paperId: paper.id, files: [], source: 'identity' });
    } else if (paper.provision === 'national') {
      // Not sent and not consented: the paper is shown at the desk when the result is collected.
      out.push({ paperId: paper.id, files: [], source: 'desk' });
    } else if (paper.mandatory) {
      errors.push(
        err(
          `/body/attachments/${paper.id}`,
          'missing-paper',
          `Thiếu thành phần hồ sơ bắt buộc: ${paper.name}`,
          `Missing mandatory paper: ${paper.name}`,
        ),
      );
    }
  }
  return { attachments: out, uploads: [...new Set(uploads)], errors, lookups };
}

/**
 * The lookups the applicant consented to, each recorded with its consent and outcome (evidence kept
 * whether or not the dossier is then written). A person not found, or found under another name, is
 * an error naming the paper; no configured adapter leaves the paper to be shown at the desk.
 */
export async function runLookups(db: Db, ctx: PaperContext, resolved: ResolvedPapers): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const { index, source } of resolved.lookups) {
    const att = resolved.attachments[index]!;
    const field = `/body/attachments/${index}`;
    const adapter = nationalDatabases.get(source);
    const idNumber = ctx.applicant.idNumber?.trim();
    if (!idNumber) {
      errors.push(
        err(
          '/body/applicant/idNumber',
          'required',
          'Cần số định danh cá nhân để khai thác dữ liệu quốc gia.',
          'Your personal identification number is needed for the lookup.',
        ),
      );
      continue;
    }
    const purpose = `Thành phần hồ sơ thủ tục ${ctx.procedure.code}`;
    const answer = adapter
      ? await adapter.lookup({
          idNumber,
          fullName: ctx.applicant.name,
          consent: { accountId: ctx.accountId, purpose, at: ctx.now },
        })
      : null;
    const outcome = !answer
      ? 'unavailable'
      : !answer.found
        ? 'not-found'
        : sameName(answer.fullName, ctx.applicant.name)
          ? 'found'
          : 'mismatch';
    const [row] = await db
      .insert(nationalLookups)
      .values({
        accountId: ctx.accountId,
        source,
        purpose,
        procedureId: ctx.procedure.id,
        idNumber,
        consentedAt: ctx.now,
        outcome,
      })
      .returning({ id: nationalLookups.id });
    if (outcome === 'found') Object.assign(att, { lookupId: row!.id });
    else if (outcome === 'unavailable') Object.assign(att, { source: 'desk' });
    else
      errors.push(
        err(
          field,
          outcome,
          `Không tìm thấy thông tin của bạn trong ${nationalSourceName(source).vi} (số định danh và họ tên phải khớp).`,
          `You were not found in ${nationalSourceName(source).en} (the identification number and the name must match).`,
        ),
      );
  }
  return errors;
}
