/**
 * One shared base for document actions (as src/procedures/dossiers/actions): an action names the
 * states it may start from, who may perform it, its request body and its effect. The service
 * (../service.ts, `performAction`) does the rest in one transaction: lock the row, check the state,
 * run the action, append the action row, update the cached state, write the audit row.
 */
import type { TSchema } from 'typebox';
import type {
  Bilingual,
  Executor,
  Files,
  Permission,
  Principal,
  ScopeResolver,
  Tx,
  WorkingCalendar,
} from '../../platform/index.js';
import type { Document } from '../schema.js';
import type { DocumentStatus } from '../statuses.js';

/**
 * Which agency of the document a staff grant must cover: the agency whose register holds it, or the
 * drafting unit (phòng soạn thảo, a child agency) for the unit head's review.
 */
export type ScopeRef = 'agency' | 'drafting_unit';

export interface Performer {
  permission: Permission;
  scopes: readonly ScopeRef[];
  /** Further: the caller must be this person on the document (the chosen signer, an assigned handler). */
  only?: (d: Document, accountId: string, ex: Executor) => Promise<boolean> | boolean;
}

export interface ActionContext<I> {
  tx: Tx;
  document: Document;
  input: I;
  principal: Principal;
  now: Date;
  calendar: WorkingCalendar;
  files: Files;
  /** Scope checks inside the transaction (on PGlite a query outside it would wait for it). */
  scopes: ScopeResolver;
}

/** What an action does: the state it leads to, the columns it changes, what its row records. */
export interface ActionEffect {
  /** 'same': the action records something without moving the document (an opinion, a new version). */
  to: DocumentStatus | 'same';
  set?: Partial<Omit<Document, 'id' | 'status' | 'lastSeq' | 'search'>>;
  details?: Record<string, unknown>;
  /** The audit row's action name if not `document.<name>`. */
  auditAction?: string;
}

export interface DocumentActionDef<I = Record<string, unknown>> {
  name: string;
  label: Bilingual;
  /** Which direction the action applies to. */
  direction: 'incoming' | 'outgoing' | 'both';
  from: readonly DocumentStatus[];
  performers: readonly Performer[];
  body: TSchema;
  /** A further condition on the document; answers why not, or null. */
  guard?: (d: Document, now: Date) => Bilingual | null;
  run(ctx: ActionContext<I>): Promise<ActionEffect> | ActionEffect;
}

export const defineAction = <I>(def: DocumentActionDef<I>): DocumentActionDef<I> => def;

export const staff = (permission: Permission, ...scopes: ScopeRef[]): Performer => ({
  permission,
  scopes: scopes.length ? scopes : ['agency'],
});
