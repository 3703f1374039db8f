/**
 * One shared base for dossier actions (after OpenCRVS `packages/events`): an action names the states
 * it may start from, who may perform it, its request body, and its effect on the dossier. The
 * service (../service.ts) does the rest: locking, idempotency, the action row, the cached state, audit.
 */
import type { TSchema } from 'typebox';
import type {
  Principal,
  Permission,
  Tx,
  WorkingCalendar,
  Files,
  Bilingual,
  ScopeResolver,
} from '../../../platform/index.js';
import type { Dossier } from '../schema.js';
import type { DossierStatus } from '../statuses.js';

/** Which of the dossier's agencies a staff grant must cover. */
export type ScopeRef = 'receiving' | 'handling' | 'current';

/** Who may perform an action: the applicant of the dossier, or staff holding a permission over one of its agencies. */
export type Performer = { kind: 'applicant' } | { kind: 'staff'; permission: Permission; scopes: ScopeRef[] };

export interface ActionContext<I> {
  tx: Tx;
  dossier: Dossier;
  input: I;
  principal: Principal;
  now: Date;
  calendar: WorkingCalendar;
  files: Files;
  /** Scope checks inside the transaction (on PGlite a query outside it would wait for it). */
  scopes: ScopeResolver;
  /** Whether the caller performs this as the applicant (not as staff). */
  asApplicant: boolean;
}

/** What an action does: the state it leads to, the columns it changes, what its row records. */
export interface ActionEffect {
  /** 'same': the action records something without moving the dossier (an apology, a rating). */
  to: DossierStatus | 'same';
  set?: Partial<Omit<Dossier, 'id' | 'code' | 'status' | 'lastSeq'>>;
  details?: Record<string, unknown>;
  /** Ask the notifier (outbox) to tell the applicant. */
  notify?: boolean;
}

export interface DossierActionDef<I = Record<string, unknown>> {
  name: string;
  label: Bilingual;
  from: readonly DossierStatus[];
  performers: readonly Performer[];
  body: TSchema;
  /** A further condition on the dossier (e.g. only when late); answers why not, or null. */
  guard?: (d: Dossier, now: Date) => Bilingual | null;
  run(ctx: ActionContext<I>): Promise<ActionEffect> | ActionEffect;
}

export const defineAction = <I>(def: DossierActionDef<I>): DossierActionDef<I> => def;

export const staff = (permission: Permission, ...scopes: ScopeRef[]): Performer => ({
  kind: 'staff',
  permission,
  scopes,
});
export const applicant: Performer = { kind: 'applicant' };
