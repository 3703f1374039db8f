import { Type } from 'typebox';
import { isAssigned } from '../access.js';
import { defineAction } from './base.js';

/** Báo cáo tiến độ: the lead or a co-handler records where the handling stands. */
export const reportProgress = defineAction<{ note: string; percent?: number }>({
  name: 'report-progress',
  label: { vi: 'Cập nhật tiến độ', en: 'Report progress' },
  direction: 'incoming',
  from: ['assigned', 'in_progress'],
  performers: [
    {
      permission: 'documents.handle',
      scopes: ['agency'],
      only: (d, who, ex) => isAssigned(ex, d.id, who, ['lead', 'co']),
    },
  ],
  body: Type.Object(
    {
      note: Type.String({ minLength: 1, maxLength: 4000 }),
      percent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    },
    { additionalProperties: false },
  ),
  run({ input }) {
    return {
      to: 'in_progress',
      details: { note: input.note, ...(input.percent !== undefined ? { percent: input.percent } : {}) },
    };
  },
});
