import { Type } from 'typebox';
import { restartedColumns } from '../clock.js';
import { defineAction, staff } from './base.js';

/** Tiếp tục: processing resumes where it stopped; the appointment moves by the time stood still. */
export const resume = defineAction<{ note?: string }>({
  name: 'resume',
  label: { vi: 'Tiếp tục xử lý', en: 'Resume' },
  from: ['suspended'],
  performers: [staff('dossiers.suspend', 'handling', 'current')],
  body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  run({ dossier, now, calendar, input }) {
    const clock = restartedColumns(calendar, dossier, now);
    return {
      to: dossier.resumeStatus ?? 'processing',
      set: { ...clock.set, resumeStatus: null },
      details: { ...clock.details, ...(input.note ? { note: input.note } : {}) },
    };
  },
});
