import { Type } from 'typebox';
import { defineAction, staff } from './base.js';

/**
 * Phát hành: the clerk releases the numbered and signed document (Nghị định 30/2020 art. 18: the day
 * it is signed, at the latest the next working day). The agency's digital signature (the red seal) is
 * applied by the signing module (src/documents/signing) before or as part of this step.
 */
export const issue = defineAction<{ note?: string }>({
  name: 'issue',
  label: { vi: 'Phát hành', en: 'Issue' },
  direction: 'outgoing',
  from: ['signed'],
  performers: [staff('documents.issue')],
  body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  run({ now, input, document: d }) {
    return {
      to: 'issued',
      set: { issuedAt: now },
      details: { numberSymbol: d.numberSymbol, ...(input.note ? { note: input.note } : {}) },
    };
  },
});
