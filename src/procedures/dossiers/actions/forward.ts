import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { problems } from '../../../platform/index.js';
import { agencies } from '../../../directory/index.js';
import { defineAction, staff } from './base.js';

/** Chuyển liên thông: the dossier goes to another agency for its part; that agency assigns its own specialist. */
export const forward = defineAction<{ agencyId: string; reason: string }>({
  name: 'forward',
  label: { vi: 'Chuyển liên thông', en: 'Forward to another agency' },
  from: ['processing'],
  performers: [staff('dossiers.process', 'current')],
  body: Type.Object(
    { agencyId: Type.String({ format: 'uuid' }), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
    { additionalProperties: false },
  ),
  async run({ tx, dossier, input }) {
    const [a] = await tx
      .select({ id: agencies.id, active: agencies.active })
      .from(agencies)
      .where(eq(agencies.id, input.agencyId));
    if (!a || !a.active)
      throw problems.invalidField(
        '/body/agencyId',
        { vi: 'Không có cơ quan này.', en: 'No such agency.' },
        'unknown-agency',
      );
    if (a.id === dossier.currentAgencyId)
      throw problems.invalidField(
        '/body/agencyId',
        { vi: 'Hồ sơ đang ở cơ quan này.', en: 'The dossier is already there.' },
        'same-agency',
      );
    return {
      to: 'processing',
      set: { currentAgencyId: a.id, currentHandlerId: null },
      details: { fromAgencyId: dossier.currentAgencyId, toAgencyId: a.id, reason: input.reason },
    };
  },
});
