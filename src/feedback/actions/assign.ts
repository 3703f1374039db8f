import { Type } from 'typebox';
import {
  activeGrants,
  can,
  problems,
  type Grant,
  type Permission,
  type Principal,
  type ScopeResolver,
} from '../../platform/index.js';
import { defineAction } from './base.js';

/** What a report's handler must hold over its agency. */
export const HANDLER_PERMISSION = 'feedback.handle' satisfies Permission;

/**
 * The rule of assignment: may the account holding these active grants handle reports of this agency?
 * The list of who may be assigned (../routes/handlers.ts) asks exactly this, so it offers no one assign refuses.
 */
export function mayHandle(
  accountId: string,
  grants: Grant[],
  agencyId: string,
  scopes: ScopeResolver,
): Promise<boolean> {
  const handler: Principal = { accountId, username: '', displayName: '', kind: 'person', grants, via: 'session' };
  return can(handler, HANDLER_PERMISSION, { agencyId }, scopes);
}

/** Phân công: a handler in the agency (someone who may handle its reports); accepts the report if it was new. */
export const assign = defineAction<{ handlerAccountId: string; note?: string }>({
  name: 'assign',
  label: { vi: 'Phân công xử lý', en: 'Assign' },
  from: ['new', 'in_progress'],
  by: 'staff',
  body: Type.Object(
    { handlerAccountId: Type.String({ format: 'uuid' }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
    { additionalProperties: false },
  ),
  async run({ tx, report, input, scopes }) {
    const grants = (await activeGrants(tx, input.handlerAccountId)) as Grant[];
    if (!(await mayHandle(input.handlerAccountId, grants, report.agencyId, scopes))) {
      throw problems.invalidField(
        '/body/handlerAccountId',
        {
          vi: 'Người được phân công không thuộc cơ quan xử lý.',
          en: 'The handler does not work for the handling agency.',
        },
        'handler',
      );
    }
    return {
      to: 'in_progress',
      set: { handlerAccountId: input.handlerAccountId },
      details: { handlerAccountId: input.handlerAccountId, ...(input.note ? { note: input.note } : {}) },
    };
  },
});
