import { Type } from 'typebox';
import { problems } from '../../platform/index.js';
import { getAgency } from '../../directory/index.js';
import { defineAction } from './base.js';

/** Chuyển xử lý: to another agency, with a reason; the other agency starts from "new". */
export const transfer = defineAction<{ toAgencyId: string; reason: string }>({
  name: 'transfer',
  label: { vi: 'Chuyển cơ quan khác', en: 'Transfer' },
  from: ['new', 'in_progress'],
  by: 'staff',
  body: Type.Object(
    { toAgencyId: Type.String({ format: 'uuid' }), reason: Type.String({ minLength: 3, maxLength: 2000 }) },
    { additionalProperties: false },
  ),
  async run({ tx, report, input }) {
    const to = await getAgency(tx, input.toAgencyId);
    if (!to || !to.active)
      throw problems.invalidField(
        '/body/toAgencyId',
        {
          vi: 'Cơ quan nhận không tồn tại hoặc đã ngừng hoạt động.',
          en: 'The receiving agency does not exist or is inactive.',
        },
        'agency',
      );
    if (to.id === report.agencyId)
      throw problems.invalidField(
        '/body/toAgencyId',
        { vi: 'Phản ánh đã thuộc cơ quan này.', en: 'The report is already with this agency.' },
        'same-agency',
      );
    const from = await getAgency(tx, report.agencyId);
    return {
      to: 'new',
      set: { agencyId: to.id, handlerAccountId: null },
      details: { reason: input.reason, fromAgency: from?.name ?? null, toAgency: to.name, toAgencyId: to.id },
    };
  },
});
