import { Type } from 'typebox';
import { defineAction, staff } from './base.js';

/** Yêu cầu bổ sung: papers are missing or wrong; the clock stops until they are complete. */
export const requestSupplement = defineAction<{ reason: string; papers?: string[] }>({
  name: 'request-supplement',
  label: { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Request supplement' },
  from: ['submitted', 'received', 'processing', 'awaiting_approval'],
  performers: [staff('dossiers.request-supplement', 'receiving', 'current')],
  body: Type.Object(
    {
      reason: Type.String({ minLength: 1, maxLength: 4000 }),
      papers: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 50 })),
    },
    { additionalProperties: false },
  ),
  run({ dossier, now, input }) {
    // Before receipt no clock runs, so there is nothing to stop.
    const running = dossier.receivedAt !== null;
    return {
      to: 'supplement_requested',
      set: { resumeStatus: dossier.status, pausedSince: running ? now : null },
      details: { reason: input.reason, papers: input.papers ?? [] },
      notify: true,
    };
  },
});
