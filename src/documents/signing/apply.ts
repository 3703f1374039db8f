/** What the `sign` and `seal` actions share: take a finished signing request and make its PDF the document's. */
import { and, eq } from 'drizzle-orm';
import { problems, type Tx } from '../../platform/index.js';
import type { Document } from '../schema.js';
import { addDocumentFile } from '../files.js';
import { documentSignatureChecks, documentSigningRequests, type SignatureKind } from './schema.js';
import type { VerificationReport } from './verify.js';

export async function applySigningRequest(
  tx: Tx,
  d: Document,
  requestId: string,
  kind: SignatureKind,
  by: string,
  now: Date,
) {
  const [r] = await tx
    .select()
    .from(documentSigningRequests)
    .where(and(eq(documentSigningRequests.id, requestId), eq(documentSigningRequests.documentId, d.id)))
    .for('update');
  if (!r || r.kind !== kind)
    throw problems.invalidField(
      '/body/signingRequestId',
      { vi: 'Không có yêu cầu ký này cho văn bản.', en: 'No such signing request for this document.' },
      'signing-request-unknown',
    );
  if (r.status !== 'ready') {
    throw problems.conflict(
      r.status === 'pending'
        ? { vi: 'Chữ ký đang chờ người ký xác nhận.', en: 'The signature is still waiting for the signer’s approval.' }
        : {
            vi: `Yêu cầu ký ở trạng thái ${r.status}, không dùng được.`,
            en: `The signing request is ${r.status} and cannot be applied.`,
          },
      { code: 'signing-request-not-ready', extra: { requestStatus: r.status } },
    );
  }
  if (r.basePdfSha256 !== d.pdfSha256)
    throw problems.conflict(
      {
        vi: 'Tệp PDF của văn bản đã thay đổi từ khi bắt đầu ký; hãy ký lại.',
        en: 'The document’s PDF changed since signing started; sign again.',
      },
      { code: 'pdf-changed' },
    );
  const [check] = await tx
    .select()
    .from(documentSignatureChecks)
    .where(
      and(eq(documentSignatureChecks.documentId, d.id), eq(documentSignatureChecks.pdfSha256, r.signedPdfSha256!)),
    );
  if (check && check.indication === 'invalid')
    throw problems.conflict(
      { vi: 'Chữ ký vừa tạo không hợp lệ.', en: 'The signature just made is not valid.' },
      { code: 'signature-invalid' },
    );
  await tx
    .update(documentSigningRequests)
    .set({ status: 'applied', updatedAt: now })
    .where(eq(documentSigningRequests.id, r.id));
  await addDocumentFile(tx, {
    documentId: d.id,
    sha256: r.signedPdfSha256!,
    role: 'signed',
    name: `${kind === 'person' ? 'signed' : 'sealed'}.pdf`,
    addedBy: by,
    at: now,
  });
  return {
    pdfSha256: r.signedPdfSha256!,
    valid: check?.indication === 'valid',
    details: {
      signingRequestId: r.id,
      method: r.method,
      kind,
      indication: check?.indication ?? null,
      // The PAdES level of the signature just applied (the last one of the file): B-B, B-T or B-LT.
      level: (check?.report as VerificationReport | undefined)?.signatures.at(-1)?.level ?? null,
      timestampTime: r.timestampTime?.toISOString() ?? null,
    },
  };
}
