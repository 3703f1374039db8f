import { Type } from 'typebox';
import { getProcedure } from '../../catalog/service.js';
import { appointmentDate } from '../clock.js';
import { defineAction, staff } from './base.js';

/** Tiếp nhận: the one-stop desk accepts an online submission; the clock starts and the appointment is set. */
export const receive = defineAction<{ note?: string }>({
  name: 'receive',
  label: { vi: 'Tiếp nhận hồ sơ', en: 'Receive' },
  from: ['submitted'],
  performers: [staff('dossiers.receive', 'receiving', 'handling')],
  body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  async run({ tx, dossier, now, calendar, input }) {
    const p = await getProcedure(tx, dossier.procedureId);
    const dueAt = appointmentDate(calendar, now, p?.processingDays ?? 0);
    return { to: 'received', set: { receivedAt: now, dueAt }, details: { dueAt: dueAt.toISOString(), ...(input.note ? { note: input.note } : {}) }, notify: true };
  },
});
