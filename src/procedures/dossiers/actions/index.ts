/** Every dossier action, one file each; the service applies them, the routes expose them. */
import type { DossierActionDef } from './base.js';
import { receive } from './receive.js';
import { assign } from './assign.js';
import { processStep } from './process-step.js';
import { forward } from './forward.js';
import { requestSupplement } from './request-supplement.js';
import { supplement } from './supplement.js';
import { refuse } from './refuse.js';
import { approve } from './approve.js';
import { attachResult } from './attach-result.js';
import { returnResult } from './return.js';
import { withdraw } from './withdraw.js';
import { suspend } from './suspend.js';
import { resume } from './resume.js';
import { apologize } from './apologize.js';
import { rate } from './rate.js';
import type { DossierStatus } from '../statuses.js';

export const ACTIONS: readonly DossierActionDef<never>[] = [
  receive,
  assign,
  processStep,
  forward,
  requestSupplement,
  supplement,
  refuse,
  approve,
  attachResult,
  returnResult,
  withdraw,
  suspend,
  resume,
  apologize,
  rate,
] as unknown as DossierActionDef<never>[];

export const ACTION_NAMES = ACTIONS.map((a) => a.name);

export const actionByName = (name: string) => ACTIONS.find((a) => a.name === name);

/** The actions that may start from a state, whoever asks (the 409 answer lists them). */
export const actionsFrom = (s: DossierStatus): string[] => ACTIONS.filter((a) => a.from.includes(s)).map((a) => a.name);

export { type DossierActionDef, type ActionContext, type ActionEffect } from './base.js';
