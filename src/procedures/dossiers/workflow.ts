/**
 * The part of a procedure's workflow that `process-step` walks through. A catalog workflow describes
 * the whole path (receipt at the desk, processing, the leader's approval, return), but receipt,
 * approval and return are actions of their own here, each with its own checks; so the desk's steps
 * at either end and the leader's final approval step are left to those actions.
 */
import type { Executor } from '../../platform/index.js';
import { procedureWorkflow } from '../catalog/service.js';
import type { WorkflowStep } from '../catalog/schema.js';

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

export async function dossierSteps(ex: Executor, procedureId: string): Promise<WorkflowStep[]> {
  return processingSteps(await procedureWorkflow(ex, procedureId));
}
