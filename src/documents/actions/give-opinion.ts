import { Type } from 'typebox';
import { isAssigned } from '../access.js';
import { defineAction, staff } from './base.js';

/** Ý kiến: a leader adds a further instruction, or anyone the document was given to an opinion; the state stays. */
export const giveOpinion = defineAction<{ text: string }>({
  name: 'give-opinion',
  label: { vi: 'Cho ý kiến', en: 'Give an opinion' },
  direction: 'incoming',
  from: ['registered', 'assigned', 'in_progress', 'completed'],
  performers: [
    staff('documents.assign'),
    { permission: 'documents.read', scopes: ['agency'], only: (d, who, ex) => isAssigned(ex, d.id, who) },
  ],
  body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }),
  run({ input }) {
    return { to: 'same', details: { text: input.text } };
  },
});
