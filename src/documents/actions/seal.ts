import { Type } from 'typebox';
import { defineAction, staff } from './base.js';
import { applySigningRequest } from '../signing/apply.js';

/**
 * Ký số của cơ quan (the red seal, Nghị định 30/2020 appendix I) by the clerk, which issues the document: the agency's
 * signature over the left third of the leader's, with the agency's name and the signing time. signed → issued.
 */
export const seal = defineAction<{ signingRequestId: string }>({
  name: 'seal',
  label: { vi: 'Ký số cơ quan và phát hành', en: 'Seal and issue' },
  direction: 'outgoing',
  from: ['signed'],
  performers: [staff('documents.issue')],
  body: Type.Object({ signingRequestId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
  async run({ tx, document: d, input, principal, now }) {
    const r = await applySigningRequest(tx, d, input.signingRequestId, 'agency', principal.accountId, now);
    return {
      to: 'issued',
      set: { pdfSha256: r.pdfSha256, issuedAt: now, signedDigitally: d.signedDigitally || r.valid },
      details: r.details,
    };
  },
});
