/**
 * The workflow a dossier follows, and the part of it that `process-step` walks through.
 *
 * A dossier keeps the procedure's workflow as it stood when it was received (`dossiers.workflow`):
 * an administrator editing the procedure changes the path of dossiers received afterwards, never of
 * those already in progress, whose `current_step` ordinal would otherwise point at another step.
 * Dossiers received before snapshots existed have none and follow the catalog.
 *
 * A catalog workflow describes the whole path (receipt at the desk, processing, the leader's approval,
 * return), but receipt, approval and return are actions of their own here, each with its own checks;
 * so the desk's steps at either end and the leader's final approval step are left to those actions.
 */
import type { Executor } from '../../platform/index.js';
import { procedureWorkflow } from '../catalog/service.js';
import type { WorkflowStep } from '../catalog/schema.js';
import type { Dossier, WorkflowSnapshotStep } from './schema.js';

type Step = Pick<WorkflowStep, 'role' | 'agencyMode'>;

const own = (s: Step, role: Step['role']) => s.role === role && s.agencyMode === 'dossier';

export function processingSteps<S extends Step>(steps: S[]): S[] {
  let a = 0;
  let b = steps.length;
  while (a < b && own(steps[a]!, 'officer')) a++;
  while (b > a && own(steps[b - 1]!, 'officer')) b--;
  if (b > a + 1 && own(steps[b - 1]!, 'leader')) b--;
  return steps.slice(a, b);
}

/** The catalog rows as a dossier keeps them: the whole workflow, in order, without the rows' ids (replaced on every edit). */
export function snapshotOf(steps: readonly WorkflowStep[]): WorkflowSnapshotStep[] {
  return [...steps]
    .sort((x, y) => x.ordinal - y.ordinal)
    .map((s) => ({
      ordinal: s.ordinal,
      name: s.name,
      nameEn: s.nameEn,
      role: s.role,
      agencyMode: s.agencyMode,
      agencyId: s.agencyId,
      sharePercent: s.sharePercent,
    }));
}

/** What to store in `dossiers.workflow` when a dossier is received: the procedure's workflow now. */
export async function workflowSnapshot(ex: Executor, procedureId: string): Promise<WorkflowSnapshotStep[]> {
  return snapshotOf(await procedureWorkflow(ex, procedureId));
}

type DossierRef = Pick<Dossier, 'procedureId' | 'workflow'>;

/** The dossier's whole workflow: its own snapshot, or the catalog's current one for a dossier without. */
export async function dossierWorkflow(ex: Executor, d: DossierRef): Promise<WorkflowSnapshotStep[]> {
  return d.workflow ?? workflowSnapshot(ex, d.procedureId);
}

/** The steps `assign` and `process-step` walk for this dossier. */
export async function dossierSteps(ex: Executor, d: DossierRef): Promise<WorkflowSnapshotStep[]> {
  return processingSteps(await dossierWorkflow(ex, d));
}
