/** Every document action, one file each; the service applies them, the routes expose them. */
import type { DocumentActionDef } from './base.js';
import type { DocumentStatus } from '../statuses.js';
// incoming (văn bản đến)
import { assign } from './assign.js';
import { reportProgress } from './report-progress.js';
import { giveOpinion } from './give-opinion.js';
import { complete } from './complete.js';
// outgoing (văn bản đi)
import { saveVersion } from './save-version.js';
import { submit } from './submit.js';
import { review } from './review.js';
import { returnDraft } from './return-draft.js';
import { approve } from './approve.js';
import { numberDocument } from './number.js';
import { issue } from './issue.js';
// both
import { fileToRecord } from './file-to-record.js';
import { withdraw } from './withdraw.js';
// signing and exchange (src/documents/signing, src/documents/exchange): their action files are listed here
// between these markers by the signing helper.
// >>> signing-exchange actions
import { sign } from './sign.js';
import { seal } from './seal.js';
import { send } from './send.js';
import { recall } from './recall.js';
// <<< signing-exchange actions

export const ACTIONS: readonly DocumentActionDef<never>[] = [
  assign,
  reportProgress,
  giveOpinion,
  complete,
  saveVersion,
  submit,
  review,
  returnDraft,
  approve,
  numberDocument,
  issue,
  fileToRecord,
  withdraw,
  // >>> signing-exchange list
  sign,
  seal,
  send,
  recall,
  // <<< signing-exchange list
] as unknown as DocumentActionDef<never>[];

export const ACTION_NAMES = ACTIONS.map((a) => a.name);

export const actionByName = (name: string) => ACTIONS.find((a) => a.name === name);

/** The actions that may start from a state, whoever asks (the 409 answer lists them). */
export const actionsFrom = (s: DocumentStatus): string[] =>
  ACTIONS.filter((a) => a.from.includes(s)).map((a) => a.name);

export { type DocumentActionDef, type ActionContext, type ActionEffect, defineAction, staff } from './base.js';
