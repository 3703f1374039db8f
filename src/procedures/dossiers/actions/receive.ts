import { Type } from 'typebox';
import { getProcedure } from '../../catalog/service.js';
import { appointmentDate } from '../clock.js';
import { snapshotOf } from '../workflow.js';
import { defineAction, staff } from './base.js';

/**
 * Tiếp nhận: the one-stop desk accepts an online submission; the clock starts, the appointment is set,
 * and the procedure's workflow as it stands now becomes the dossier's own (see ../workflow.ts).
 */
export const receive = defineAction<{ note?: string }>({
  name: 'receive',
  label: { vi: 'Tiếp nhận hồ sơ', en: 'Receive' },
  from: ['submitted'],
  performers: [staff('dossiers.receive', 'receiving', 'handling')],
  body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  async run({ tx, dossier, now, calendar, input }) {
    const p = await getProcedure(tx, dossier.procedureId);
    const dueAt = appointmentDate(calendar, now, p ?? 0);
    return {
      to: 'received',
      set: { receivedAt: now, dueAt, workflow: snapshotOf(p?.workflow ?? []) },
      details: { dueAt: dueAt.toISOString(), ...(input.note ? { note: input.note } : {}) },
      notify: true,
    };
  },
});
