/**
 * Making a signature on a document's PDF (ký số văn bản) with a key held by the platform or remotely over CSC.
 * Nothing here holds a transaction while it waits: the PDF is prepared and stored, a remote signer's approval is
 * awaited by a job, and only the finished PDF is applied to the document by the `sign`/`seal` action.
 */
import { and, eq } from 'drizzle-orm';
import { randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import type { AppContext, Db, Executor, Principal } from '../../platform/index.js';
import { enqueue, problems } from '../../platform/index.js';
import { fromPkcs12, pemToDer, splitPem, toPkcs12, type IssuedCert } from '../../platform/pki/index.js';
import { requestTimestamp } from '../../platform/timestamp/index.js';
import { documents, type Document } from '../schema.js';
import { storeGeneratedPdf } from '../files.js';
import { sealRectFor, type Presentation, type Rect } from './appearance.js';
import {
  completeSignature,
  preparePdfSignature,
  startCms,
  type PreparedPdf,
  type SigningIdentity,
  type Timestamper,
} from './pades.js';
import { prepareSignerInfo } from './cms.js';
import { CscClient, CscError, type CscAccount } from './csc/client.js';
import { open, openJson, seal, sealJson } from './keystore.js';
import { addValidationData } from './ltv.js';
import { configuredCrls, crlFetchTimeoutMs, trustedRootsPem, tsaUrl } from './trust.js';
import { verifyPdf, type VerificationReport } from './verify.js';
import { documentSignatureChecks, documentSigningKeys, documentSigningRequests, type SignatureKind } from './schema.js';
import { agencies } from '../../directory/index.js';

export type SigningKey = typeof documentSigningKeys.$inferSelect;
export type SigningRequest = typeof documentSigningRequests.$inferSelect;
export const CSC_JOB = 'documents.signing.csc';

const P12_PURPOSE = 'signing-key:pkcs12';
const CSC_PURPOSE = 'signing-key:csc-login';

/** The certificate's subject and end of validity, read by node:crypto's X509Certificate. */
function subjectOf(certPem: string): { subject: string; notAfter: Date } {
  const c = new X509Certificate(pemToDer(certPem));
  return { subject: c.subject.replace(/\n/g, ', '), notAfter: new Date(c.validTo) };
}

/** Stores a PKCS#12 (a person's or an agency's) sealed at rest; the password is sealed with it. */
export async function addPlatformKey(
  ex: Executor,
  input: {
    kind: SignatureKind;
    accountId?: string | null;
    agencyId?: string | null;
    label: string;
    p12: Buffer;
    password: string;
    imageSha256?: string | null;
    createdBy?: string | null;
  },
): Promise<SigningKey> {
  let contents;
  try {
    contents = await fromPkcs12(input.p12, input.password);
  } catch {
    throw problems.invalidField(
      '/body/p12',
      { vi: 'Tệp PKCS#12 hoặc mật khẩu không đúng.', en: 'The PKCS#12 file or its password is wrong.' },
      'pkcs12-unreadable',
    );
  }
  const { subject, notAfter } = subjectOf(contents.certPem);
  if (notAfter < new Date())
    throw problems.invalidField(
      '/body/p12',
      { vi: 'Chứng thư số đã hết hạn.', en: 'The certificate has expired.' },
      'certificate-expired',
    );
  const [row] = await ex
    .insert(documentSigningKeys)
    .values({
      kind: input.kind,
      accountId: input.kind === 'person' ? (input.accountId ?? null) : null,
      agencyId: input.kind === 'agency' ? (input.agencyId ?? null) : null,
      method: 'platform',
      label: input.label,
      certPem: contents.certPem,
      chainPem: contents.chainPem,
      subject,
      notAfter,
      sealedSecret: sealJson({ p12: input.p12.toString('base64'), password: input.password }, P12_PURPOSE),
      imageSha256: input.imageSha256 ?? null,
      createdBy: input.createdBy ?? null,
    })
    .returning();
  return row!;
}

/** A test or demo convenience: a certificate from a test CA stored as a platform key. */
export async function addIssuedKey(
  ex: Executor,
  cert: IssuedCert,
  input: { kind: SignatureKind; accountId?: string; agencyId?: string; label: string },
): Promise<SigningKey> {
  const password = randomBytes(18).toString('base64url');
  return addPlatformKey(ex, { ...input, p12: await toPkcs12(cert, password), password });
}

/** Registers a credential of a remote signing service: its certificate chain is read from credentials/info. */
export async function addCscKey(
  ex: Executor,
  input: {
    kind: SignatureKind;
    accountId?: string | null;
    agencyId?: string | null;
    label: string;
    account: CscAccount;
    credentialId: string;
    imageSha256?: string | null;
    createdBy?: string | null;
  },
): Promise<SigningKey> {
  let certs: string[];
  try {
    const info = await new CscClient(input.account, 15_000).credentialInfo(input.credentialId);
    certs = info.cert.certificates;
  } catch (e) {
    throw problems.invalidField(
      '/body/credentialId',
      {
        vi: `Không đọc được chứng thư từ dịch vụ ký số từ xa: ${(e as Error).message}`,
        en: `Could not read the credential from the remote signing service: ${(e as Error).message}`,
      },
      'csc-unreachable',
    );
  }
  if (!certs.length)
    throw problems.invalidField(
      '/body/credentialId',
      { vi: 'Dịch vụ không trả chứng thư số.', en: 'The service returned no certificate.' },
      'csc-no-certificate',
    );
  const pem = (b64: string) =>
    `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  const certPem = pem(certs[0]!);
  const { subject, notAfter } = subjectOf(certPem);
  const [row] = await ex
    .insert(documentSigningKeys)
    .values({
      kind: input.kind,
      accountId: input.kind === 'person' ? (input.accountId ?? null) : null,
      agencyId: input.kind === 'agency' ? (input.agencyId ?? null) : null,
      method: 'csc',
      label: input.label,
      certPem,
      chainPem: certs.slice(1).map(pem),
      subject,
      notAfter,
      sealedSecret: sealJson({ username: input.account.username, password: input.account.password }, CSC_PURPOSE),
      cscUrl: input.account.baseUrl,
      cscCredentialId: input.credentialId,
      imageSha256: input.imageSha256 ?? null,
      createdBy: input.createdBy ?? null,
    })
    .returning();
  return row!;
}

export function identityOfKey(k: SigningKey): SigningIdentity {
  return { certDer: pemToDer(k.certPem), chainDer: k.chainPem.flatMap(splitPem).map(pemToDer) };
}

async function platformSigner(k: SigningKey): Promise<(data: Uint8Array) => Promise<Uint8Array>> {
  const { p12, password } = openJson<{ p12: string; password: string }>(k.sealedSecret, P12_PURPOSE);
  const { privateKey } = await fromPkcs12(Buffer.from(p12, 'base64'), password);
  return async (data) =>
    new Uint8Array(await webcrypto.subtle.sign('RSASSA-PKCS1-v1_5', privateKey as webcrypto.CryptoKey, data));
}

function cscAccount(k: SigningKey): CscAccount {
  const login = openJson<{ username: string; password: string }>(k.sealedSecret, CSC_PURPOSE);
  return { baseUrl: k.cscUrl!, ...login };
}

export function timestamper(): { stamp: Timestamper | undefined; last: { genTime: Date | null } } {
  const url = tsaUrl();
  const last = { genTime: null as Date | null };
  if (!url) return { stamp: undefined, last };
  return {
    last,
    stamp: async (imprint) => {
      const r = await requestTimestamp({ url, digest: imprint, timeoutMs: 15_000 });
      last.genTime = r.genTime;
      return r.token;
    },
  };
}

/** The keys a signer may use on this document: their own (person) or the document's agency's (seal). */
export async function usableKeys(ex: Executor, d: Document, who: string, kind: SignatureKind): Promise<SigningKey[]> {
  const owner =
    kind === 'person' ? eq(documentSigningKeys.accountId, who) : eq(documentSigningKeys.agencyId, d.agencyId);
  return ex
    .select()
    .from(documentSigningKeys)
    .where(and(eq(documentSigningKeys.kind, kind), eq(documentSigningKeys.active, true), owner));
}

/** Where the signature goes: the layout's signature place; the seal over its left third. */
function placement(d: Document, kind: SignatureKind, pageCount: number): { page: number; rect: Rect } {
  const s = d.layout?.signature;
  const base: Rect = s ? [s.x, s.y, s.x + s.width, s.y + s.height] : [330, 110, 510, 180];
  return { page: s ? s.page : pageCount - 1, rect: kind === 'agency' ? sealRectFor(base) : base };
}

async function agencyName(db: Db, agencyId: string): Promise<string> {
  const [a] = await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, agencyId));
  return a?.name ?? '';
}

/** Verifies a PDF with the configured roots and keeps the report with the document (one per PDF revision). */
export async function checkAndKeep(
  ex: Executor,
  documentId: string,
  pdfSha256: string,
  pdf: Uint8Array,
  by: string | null,
): Promise<VerificationReport> {
  const report = await verifyPdf(pdf, { trustedPem: trustedRootsPem() });
  await ex
    .insert(documentSignatureChecks)
    .values({
      documentId,
      pdfSha256,
      indication: report.indication,
      report,
      verifiedAt: new Date(report.verifiedAt),
      verifiedBy: by,
    })
    .onConflictDoUpdate({
      target: [documentSignatureChecks.documentId, documentSignatureChecks.pdfSha256],
      set: { indication: report.indication, report, verifiedAt: new Date(report.verifiedAt), verifiedBy: by },
    });
  return report;
}

/**
 * Prepares the signature (field, appearance, byte range) and, for a platform key, signs at once. A remote key leaves
 * the request pending and a job waits for the phone. Returns the request as stored.
 */
export async function startSigning(
  ctx: AppContext,
  d: Document,
  key: SigningKey,
  kind: SignatureKind,
  p: Principal,
  audit: (tx: Executor, r: SigningRequest) => Promise<void>,
): Promise<SigningRequest> {
  if (!d.pdfSha256)
    throw problems.conflict(
      { vi: 'Văn bản chưa có tệp PDF để ký.', en: 'The document has no PDF to sign.' },
      { code: 'no-pdf' },
    );
  if (key.notAfter < new Date())
    throw problems.conflict(
      { vi: 'Chứng thư số của khóa ký đã hết hạn.', en: 'The key’s certificate has expired.' },
      { code: 'certificate-expired' },
    );
  const base = await ctx.files.readFile(d.pdfSha256);
  const now = new Date();
  let image: Buffer | undefined;
  if (key.imageSha256) image = (await ctx.files.readFile(key.imageSha256)).data;
  const presentation: Presentation =
    kind === 'person'
      ? { kind: 'person', name: d.signerName ?? p.displayName, ...(image ? { imagePng: image } : {}) }
      : {
          kind: 'agency',
          agencyName: (await agencyName(ctx.db, d.agencyId)).toUpperCase(),
          signingTime: now,
          ...(image ? { sealPng: image } : {}),
        };
  const pageCount = d.layout?.pageCount ?? 1;
  const where = placement(d, kind, pageCount);
  let prepared: PreparedPdf;
  try {
    prepared = await preparePdfSignature(base.data, {
      page: Math.min(where.page, pageCount - 1),
      rect: where.rect,
      presentation,
      signingTime: now,
      signerName:
        kind === 'person'
          ? (d.signerName ?? p.displayName)
          : presentation.kind === 'agency'
            ? presentation.agencyName
            : undefined,
      reason: kind === 'person' ? 'Ký ban hành văn bản' : 'Ký số của cơ quan, tổ chức',
    });
  } catch (e) {
    throw problems.conflict(
      {
        vi: `Không chuẩn bị được tệp PDF để ký: ${(e as Error).message}`,
        en: `The PDF could not be prepared for signing: ${(e as Error).message}`,
      },
      { code: 'pdf-not-signable' },
    );
  }
  const request = await ctx.db.transaction(async (tx) => {
    const preparedSha = await storeGeneratedPdf(tx, ctx.files, prepared.pdf, p.accountId, 'prepared.pdf');
    const [r] = await tx
      .insert(documentSigningRequests)
      .values({
        documentId: d.id,
        kind,
        keyId: key.id,
        method: key.method,
        status: 'pending',
        requestedBy: p.accountId,
        basePdfSha256: d.pdfSha256!,
        preparedPdfSha256: preparedSha,
        byteRange: prepared.byteRange,
        digest: Buffer.from(prepared.digest).toString('hex'),
        signingTime: now,
      })
      .returning();
    if (key.method === 'csc') {
      await enqueue(tx, CSC_JOB, { requestId: r!.id }, { dedupeKey: `csc:${r!.id}`, maxAttempts: 3 });
    }
    await audit(tx, r!);
    return r!;
  });
  if (key.method === 'csc') return request;
  try {
    const sign = await platformSigner(key);
    return await finishWith(
      ctx,
      request,
      key,
      prepared,
      await sign(startCms(prepared, identityOfKey(key)).cms.toBeSigned),
    );
  } catch (e) {
    await fail(ctx.db, request.id, 'failed', (e as Error).message);
    throw problems.unavailable({
      vi: `Không ký được: ${(e as Error).message}`,
      en: `Signing failed: ${(e as Error).message}`,
    });
  }
}

async function fail(db: Db, id: string, status: 'failed' | 'refused', error: string) {
  await db
    .update(documentSigningRequests)
    .set({ status, error, updatedAt: new Date() })
    .where(eq(documentSigningRequests.id, id));
}

/**
 * Embeds the signature (time-stamped when a TSA is configured: B-T), adds its validation data when the chain's CRLs
 * can be had (B-LT), stores the signed PDF and its report: ready.
 */
async function finishWith(
  ctx: AppContext,
  r: SigningRequest,
  key: SigningKey,
  prepared: PreparedPdf,
  signature: Uint8Array,
): Promise<SigningRequest> {
  const identity = identityOfKey(key);
  const pending = { prepared, cms: prepareSignerInfo(prepared.digest, identity.certDer) };
  const ts = timestamper();
  let signed = await completeSignature(pending, identity, signature, ts.stamp);
  if (ts.stamp) {
    // Best effort, outside any transaction (a CRL distribution point may be slow): without it the signature is B-T.
    const ltv = await addValidationData(signed, {
      trustedPem: trustedRootsPem(),
      crls: configuredCrls(),
      fetchTimeoutMs: crlFetchTimeoutMs(),
    });
    if (ltv.added) signed = ltv.pdf;
    else ctx.log.info({ requestId: r.id, reason: ltv.reason }, 'documents.signing: signature left at PAdES-B-T');
  }
  return ctx.db.transaction(async (tx) => {
    const sha = await storeGeneratedPdf(tx, ctx.files, signed, r.requestedBy, 'signed.pdf');
    await checkAndKeep(tx, r.documentId, sha, signed, r.requestedBy);
    const [u] = await tx
      .update(documentSigningRequests)
      .set({ status: 'ready', signedPdfSha256: sha, timestampTime: ts.last.genTime, updatedAt: new Date() })
      .where(eq(documentSigningRequests.id, r.id))
      .returning();
    return u!;
  });
}

/** The job of a remote signature: ask the signer's approval (it may take minutes), sign the hash, finish. */
export function registerCscJob(ctx: AppContext) {
  ctx.jobs.register<{ requestId: string }>(CSC_JOB, async (job) => {
    const [r] = await ctx.db
      .select()
      .from(documentSigningRequests)
      .where(eq(documentSigningRequests.id, job.payload.requestId));
    if (!r || r.status !== 'pending') return;
    const [key] = await ctx.db.select().from(documentSigningKeys).where(eq(documentSigningKeys.id, r.keyId));
    const [d] = await ctx.db.select().from(documents).where(eq(documents.id, r.documentId));
    if (!key || !d) return fail(ctx.db, r.id, 'failed', 'key or document gone');
    const pdf = (await ctx.files.readFile(r.preparedPdfSha256!)).data;
    const prepared: PreparedPdf = {
      pdf,
      byteRange: r.byteRange as PreparedPdf['byteRange'],
      digest: new Uint8Array(Buffer.from(r.digest!, 'hex')),
      fieldName: '',
    };
    const toBeSigned = prepareSignerInfo(prepared.digest, identityOfKey(key).certDer).toBeSigned;
    let signature: Uint8Array;
    try {
      const client = new CscClient(cscAccount(key));
      signature = await client.signData(
        key.cscCredentialId!,
        toBeSigned,
        `${d.numberSymbol ?? ''} ${d.summary}`.trim().slice(0, 500),
        job.signal,
      );
    } catch (e) {
      if (e instanceof CscError && (e.refused || e.status < 500))
        return fail(ctx.db, r.id, e.refused ? 'refused' : 'failed', e.message);
      if (job.attempt >= job.maxAttempts) return fail(ctx.db, r.id, 'failed', (e as Error).message);
      throw e;
    }
    await finishWith(ctx, r, key, prepared, signature);
  });
}

export { open, seal };
