import { Type } from 'typebox';
import { grantCovers, problems } from '../../../platform/index.js';
import { dossierSteps } from '../workflow.js';
import { defineAction, staff } from './base.js';

/**
 * Completes the workflow step under way (xử lý bước). The next step is held by its role in its
 * agency (the dossier's own, or a fixed one for liên thông); after the last, the leader decides.
 * The steps are the dossier's own, fixed at receipt, whatever the catalog says today.
 */
export const processStep = defineAction<{ note?: string; opinion?: string }>({
  name: 'process-step',
  label: { vi: 'Hoàn thành bước xử lý', en: 'Complete step' },
  from: ['processing'],
  performers: [staff('dossiers.process', 'current')],
  body: Type.Object(
    {
      note: Type.Optional(Type.String({ maxLength: 2000 })),
      opinion: Type.Optional(Type.String({ maxLength: 4000, description: 'Ý kiến thẩm định' })),
    },
    { additionalProperties: false },
  ),
  async run({ tx, dossier, input, principal, scopes }) {
    const steps = await dossierSteps(tx, dossier);
    const i = steps.findIndex((s) => s.ordinal === dossier.currentStep);
    const step = i >= 0 ? steps[i]! : null;
    // A step belongs to its role; a step assigned to someone belongs to them (their leader may act too).
    let holdsRole = !step;
    for (const g of principal.grants)
      if (step && g.role === step.role && (await grantCovers(g, { agencyId: dossier.currentAgencyId }, scopes)))
        holdsRole = true;
    const isLeader = principal.grants.some((g) => g.role === 'leader');
    if (!holdsRole && !isLeader)
      throw problems.forbidden(
        { vi: `Bước này do vai trò ${step!.role} thực hiện.`, en: `This step is done by the ${step!.role} role.` },
        { code: 'wrong-step-role' },
      );
    if (dossier.currentHandlerId && dossier.currentHandlerId !== principal.accountId && !isLeader) {
      throw problems.forbidden(
        { vi: 'Hồ sơ đã được phân công cho người khác.', en: 'The dossier is assigned to someone else.' },
        { code: 'not-assigned' },
      );
    }
    const next = i >= 0 ? steps[i + 1] : undefined;
    const done = {
      step: step?.ordinal ?? null,
      stepName: step?.name ?? null,
      ...(input.note ? { note: input.note } : {}),
      ...(input.opinion ? { opinion: input.opinion } : {}),
    };
    if (!next)
      return { to: 'awaiting_approval', set: { currentAgencyId: dossier.agencyId }, details: { ...done, next: null } };
    const agencyId = next.agencyMode === 'fixed' && next.agencyId ? next.agencyId : dossier.agencyId;
    return {
      to: 'processing',
      // Another agency's step starts unassigned: that agency assigns its own specialist.
      set: {
        currentStep: next.ordinal,
        currentAgencyId: agencyId,
        ...(agencyId !== dossier.currentAgencyId ? { currentHandlerId: null } : {}),
      },
      details: { ...done, next: next.ordinal, nextAgencyId: agencyId },
    };
  },
});
