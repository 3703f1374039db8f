import { Type } from 'typebox';
import {
  activeGrants,
  can,
  problems,
  type Grant,
  type Permission,
  type Principal,
  type Role,
  type ScopeResolver,
} from '../../../platform/index.js';
import { dossierWorkflow, processingSteps } from '../workflow.js';
import { defineAction, staff } from './base.js';

/** What an assignee must hold over the agency now holding the dossier. */
export const ASSIGNEE_PERMISSION = 'dossiers.process' satisfies Permission;

/**
 * The rule of assignment: may the account holding these active grants be given a dossier held by this
 * agency? The list of who may be assigned (../handlers.ts) asks exactly this, so it offers no one assign refuses.
 */
export function mayBeAssigned(
  accountId: string,
  grants: Grant[],
  agencyId: string,
  scopes: ScopeResolver,
): Promise<boolean> {
  const handler: Principal = { accountId, username: '', displayName: '', kind: 'person', grants, via: 'session' };
  return can(handler, ASSIGNEE_PERMISSION, { agencyId }, scopes);
}

/** Phân công: the dossier goes to a specialist of the agency now holding it; processing starts at the first step. */
export const assign = defineAction<{ handlerId: string; note?: string }>({
  name: 'assign',
  label: { vi: 'Phân công xử lý', en: 'Assign' },
  from: ['received', 'processing'],
  performers: [staff('dossiers.assign', 'receiving', 'current')],
  body: Type.Object(
    { handlerId: Type.String({ format: 'uuid' }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
    { additionalProperties: false },
  ),
  async run({ tx, dossier, input, scopes }) {
    const grants = (await activeGrants(tx, input.handlerId)).map((g) => ({
      role: g.role as Role,
      scopeKind: g.scopeKind,
      scopeId: g.scopeId,
    }));
    if (!(await mayBeAssigned(input.handlerId, grants, dossier.currentAgencyId, scopes))) {
      throw problems.invalidField(
        '/body/handlerId',
        {
          vi: 'Người được phân công không xử lý hồ sơ của cơ quan đang giữ hồ sơ.',
          en: 'The assignee does not process dossiers of the agency holding it.',
        },
        'not-a-handler',
      );
    }
    const workflow = await dossierWorkflow(tx, dossier);
    const currentStep = dossier.currentStep ?? processingSteps(workflow)[0]?.ordinal ?? null;
    // A dossier received without a snapshot (before snapshots, or at a desk that does not take one yet)
    // keeps the workflow it starts processing with, so later edits of the procedure no longer move it.
    const pin = dossier.workflow ? {} : { workflow };
    return {
      to: 'processing',
      set: { currentHandlerId: input.handlerId, currentStep, ...pin },
      details: { handlerId: input.handlerId, step: currentStep, ...(input.note ? { note: input.note } : {}) },
    };
  },
});
