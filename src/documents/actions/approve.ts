import { Type } from 'typebox';
import { defineAction } from './base.js';

/** Duyệt ký: the signing leader approves the content; the clerk then numbers it and the leader signs it. */
export const approve = defineAction<{ note?: string }>({
  name: 'approve',
  label: { vi: 'Phê duyệt', en: 'Approve' },
  direction: 'outgoing',
  from: ['in_approval'],
  performers: [
    { permission: 'documents.approve', scopes: ['agency'], only: (d, who) => !d.signerId || d.signerId === who },
  ],
  body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  run({ document: d, input, principal }) {
    return {
      to: 'approved',
      set: { signerId: d.signerId ?? principal.accountId, signerName: d.signerName ?? principal.displayName },
      details: { version: d.version, ...(input.note ? { note: input.note } : {}) },
    };
  },
});
