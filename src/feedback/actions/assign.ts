import { Type } from 'typebox';
import { activeGrants, can, problems, type Grant } from '../../platform/index.js';
import { defineAction } from './base.js';

/** Phân công: a handler in the agency (someone who may handle its reports); accepts the report if it was new. */
export const assign = defineAction<{ handlerAccountId: string; note?: string }>({
  name: 'assign',
  label: { vi: 'Phân công xử lý', en: 'Assign' },
  from: ['new', 'in_progress'],
  by: 'staff',
  body: Type.Object({ handlerAccountId: Type.String({ format: 'uuid' }), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  async run({ tx, report, input, scopes }) {
    const grants = (await activeGrants(tx, input.handlerAccountId)) as Grant[];
    const handler = { accountId: input.handlerAccountId, username: '', displayName: '', kind: 'person' as const, grants, via: 'session' as const };
    if (!(await can(handler, 'feedback.handle', { agencyId: report.agencyId }, scopes))) {
      throw problems.invalidField('/body/handlerAccountId', { vi: 'Người được phân công không thuộc cơ quan xử lý.', en: 'The handler does not work for the handling agency.' }, 'handler');
    }
    return { to: 'in_progress', set: { handlerAccountId: input.handlerAccountId }, details: { handlerAccountId: input.handlerAccountId, ...(input.note ? { note: input.note } : {}) } };
  },
});
