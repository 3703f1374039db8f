import { Type } from 'typebox';
import { defineAction, staff } from './base.js';

/** Tạm dừng: processing stops (e.g. awaiting a court decision); so does the clock. */
export const suspend = defineAction<{ reason: string }>({
  name: 'suspend',
  label: { vi: 'Tạm dừng xử lý', en: 'Suspend' },
  from: ['received', 'processing', 'awaiting_approval'],
  performers: [staff('dossiers.suspend', 'handling', 'current')],
  body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
  run({ dossier, now, input }) {
    return {
      to: 'suspended',
      set: { resumeStatus: dossier.status, pausedSince: now },
      details: { reason: input.reason },
    };
  },
});
