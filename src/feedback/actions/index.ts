import type { ReportActionDef } from './base.js';
import { accept } from './accept.js';
import { transfer } from './transfer.js';
import { reject } from './reject.js';
import { requestInfo } from './request-info.js';
import { provideInfo } from './provide-info.js';
import { assign } from './assign.js';
import { resolve } from './resolve.js';
import { reopen } from './reopen.js';
import { rate } from './rate.js';
import { merge } from './merge.js';

/** Every action taken through POST /api/feedback/reports/:id/actions/:action. Submit and escalate are not here: see submit.ts, escalate.ts. */
export const REPORT_ACTIONS = [
  accept,
  transfer,
  reject,
  requestInfo,
  provideInfo,
  assign,
  resolve,
  reopen,
  rate,
  merge,
] as unknown as readonly ReportActionDef<never>[];
export { performAction, recordAction, allowedFor, rolesFor, type ReportActionDef, type Actor } from './base.js';
export {
  checkNewReport,
  newReportFrom,
  submitLookup,
  submitLookups,
  submitReport,
  type NewReport,
  type SubmitContext,
  type SubmitInput,
  type SubmitLookup,
  type SubmitResult,
  type SubmitView,
} from './submit.js';
export { fileNewReport } from './submit-batch.js';
export { escalateOverdue } from './escalate.js';
