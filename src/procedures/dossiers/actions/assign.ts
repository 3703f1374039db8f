import { Type } from 'typebox';
import { activeGrants, can, problems, type Principal, type Role } from '../../../platform/index.js';
import { dossierSteps } from '../workflow.js';
import { defineAction, staff } from './base.js';

/** Phân công: the dossier goes to a specialist of the agency now holding it; processing starts at the first step. */
export const assign = defineAction<{ handlerId: string; note?: string }>({
  name: 'assign',
  label: { vi: 'Phân công xử lý', en: 'Assign' },
  from: ['received', 'processing'],
  performers: [staff('dossiers.assign', 'receiving', 'current')],
  body: Type.Object({ handlerId: Type.String({ format: 'uuid' }), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
  async run({ tx, dossier, input, scopes }) {
    const grants = (await activeGrants(tx, input.handlerId)).map((g) => ({ role: g.role as Role, scopeKind: g.scopeKind, scopeId: g.scopeId }));
    const handler: Principal = { accountId: input.handlerId, username: '', displayName: '', kind: 'person', grants, via: 'session' };
    if (!(await can(handler, 'dossiers.process', { agencyId: dossier.currentAgencyId }, scopes))) {
      throw problems.invalidField('/body/handlerId', { vi: 'Người được phân công không xử lý hồ sơ của cơ quan đang giữ hồ sơ.', en: 'The assignee does not process dossiers of the agency holding it.' }, 'not-a-handler');
    }
    const steps = await dossierSteps(tx, dossier.procedureId);
    const currentStep = dossier.currentStep ?? steps[0]?.ordinal ?? null;
    return { to: 'processing', set: { currentHandlerId: input.handlerId, currentStep }, details: { handlerId: input.handlerId, step: currentStep, ...(input.note ? { note: input.note } : {}) } };
  },
});
