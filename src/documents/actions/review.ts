import { Type } from 'typebox';
import { problems } from '../../platform/index.js';
import { checkAssignee } from './assignees.js';
import { defineAction } from './base.js';

/**
 * Kiểm tra, trình ký: the head of the drafting unit accepts the draft and sends it to the leader who
 * will sign (người ký), printed with their capacity and title at the signature place.
 */
export const review = defineAction<{
  signerId?: string;
  signerCapacity?: string;
  signerTitle?: string;
  signerName?: string;
  note?: string;
}>({
  name: 'review',
  label: { vi: 'Duyệt và trình ký', en: 'Review and send for signature' },
  direction: 'outgoing',
  from: ['in_review'],
  performers: [
    {
      permission: 'documents.review',
      scopes: ['drafting_unit'],
      only: (d, who) => !d.reviewerId || d.reviewerId === who,
    },
  ],
  body: Type.Object(
    {
      signerId: Type.Optional(Type.String({ format: 'uuid' })),
      signerCapacity: Type.Optional(Type.String({ maxLength: 200, description: 'TM., KT., TL., TUQ. … (quyền hạn)' })),
      signerTitle: Type.Optional(Type.String({ maxLength: 200, description: 'Chức vụ' })),
      signerName: Type.Optional(Type.String({ maxLength: 200 })),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false },
  ),
  async run({ tx, document: d, input, principal, scopes }) {
    const signerId = input.signerId ?? d.signerId;
    if (!signerId)
      throw problems.invalidField(
        '/body/signerId',
        { vi: 'Cần chọn người ký.', en: 'Choose who signs.' },
        'signer-required',
      );
    await checkAssignee(tx, scopes, signerId, d.agencyId, 'documents.approve', '/body/signerId');
    return {
      to: 'in_approval',
      set: {
        reviewerId: principal.accountId,
        signerId,
        signerCapacity: input.signerCapacity ?? d.signerCapacity,
        signerTitle: input.signerTitle ?? d.signerTitle,
        signerName: input.signerName ?? d.signerName,
      },
      details: { signerId, version: d.version, ...(input.note ? { note: input.note } : {}) },
    };
  },
});
