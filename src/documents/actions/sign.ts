import { Type } from 'typebox';
import { defineAction, staff } from './base.js';
import { applySigningRequest } from '../signing/apply.js';

/**
 * Ký số: the signing leader's signature (PAdES, a platform key or remote CSC) on the numbered PDF. The signature is
 * made first (POST /api/documents/:id/signing-requests, which may wait for the phone); this applies the result.
 * Several signers in turn are allowed (numbered|signed → signed), each an incremental update.
 */
export const sign = defineAction<{ signingRequestId: string }>({
  name: 'sign',
  label: { vi: 'Ký số', en: 'Sign' },
  direction: 'outgoing',
  from: ['numbered', 'signed'],
  performers: [staff('documents.sign')],
  body: Type.Object({ signingRequestId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
  async run({ tx, document: d, input, principal, now }) {
    const r = await applySigningRequest(tx, d, input.signingRequestId, 'person', principal.accountId, now);
    return {
      to: 'signed',
      set: { pdfSha256: r.pdfSha256, signedDigitally: d.signedDigitally || r.valid },
      details: r.details,
    };
  },
});
