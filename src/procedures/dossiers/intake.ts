/**
 * The intake (tiếp nhận) of new dossiers, group-committed. Every new dossier takes the next number of
 * its desk's day (a counter row locked until COMMIT, so that numbers have no gap) and links an audit
 * row to the chain's head (a lock held until COMMIT): one receipt at a time per flush of the disk.
 * Receipts arriving together are therefore written together, set-wise in one transaction: one counter
 * update per desk and day, one statement inserting the dossiers, their first actions and their
 * notifications, one insert of their audit rows. A receipt is answered only once its transaction has
 * committed.
 */
import type { FastifyRequest } from 'fastify';
import crypto from 'node:crypto';
import { appendAuditBatch, enqueueStatement, GroupCommit, insertStatement, insertTogether, reserveIdempotencyClaim, type Database, type IdempotencyClaim, type Tx } from '../../platform/index.js';
import { allocateCodes, localDay } from './codes.js';
import { dossierActions, dossiers, type Dossier, type DossierAction } from './schema.js';
import { NOTIFY_DOSSIER } from './service.js';

/** A validated new dossier, complete but for its code. */
export interface IntakeItem {
  /** The code of the desk that receives it (its counter numbers the dossier). */
  deskCode: string;
  at: Date;
  values: Omit<typeof dossiers.$inferInsert, 'id' | 'code' | 'lastSeq' | 'createdAt' | 'updatedAt' | 'submittedAt'> & Required<Pick<typeof dossiers.$inferInsert, 'status'>>;
  action: 'submit' | 'receive';
  actionDetails: Record<string, unknown>;
  actor: { id: string; displayName: string; username: string };
  requestId: string;
  /** The request's Idempotency-Key, reserved in the same transaction. */
  claim: IdempotencyClaim | null;
}

/** A dossier as written, with its first action (its whole timeline so far). */
export interface Received {
  dossier: Dossier;
  action: DossierAction;
}

async function writeBatch(tx: Tx, items: IntakeItem[]): Promise<Received[]> {
  for (const it of items) if (it.claim) await reserveIdempotencyClaim(tx, it.claim);

  // Numbers per desk and day, in arrival order; counters are locked in one order (no deadlock between batches).
  const groups = new Map<string, number[]>();
  items.forEach((it, i) => {
    const key = `${it.deskCode}\u0000${localDay(it.at)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const codes: string[] = [];
  for (const key of [...groups.keys()].sort()) {
    const members = groups.get(key)!;
    const first = items[members[0]!]!;
    const allocated = await allocateCodes(tx, first.deskCode, first.at, members.length);
    members.forEach((m, j) => (codes[m] = allocated[j]!.code));
  }

  // The dossiers, their first actions and their notifications in one statement (one round trip: in a
  // batch that holds the counter's lock, each round trip is time every other receipt waits). The ids
  // are made here so that the actions can name their dossiers within that statement.
  const ids = items.map(() => crypto.randomUUID());
  const jobs = enqueueStatement(
    NOTIFY_DOSSIER,
    ids.map((id, i) => ({ payload: { dossierId: id, seq: 1, action: items[i]!.action }, dedupeKey: `${NOTIFY_DOSSIER}:${id}:1` })),
  );
  const written = await insertTogether(
    tx,
    {
      dossiers: insertStatement(
        dossiers,
        items.map((it, i) => ({ ...it.values, id: ids[i]!, code: codes[i]!, submittedAt: it.at, lastSeq: 1, createdAt: it.at, updatedAt: it.at })),
      ),
      actions: insertStatement(
        dossierActions,
        items.map((it, i) => ({
          dossierId: ids[i]!,
          seq: 1,
          action: it.action,
          actorId: it.actor.id,
          actorLabel: it.actor.displayName,
          at: it.at,
          fromStatus: null,
          toStatus: it.values.status,
          details: it.actionDetails,
        })),
      ),
      jobs: jobs.insert,
    },
    { wake: jobs.wake },
  );
  const byId = new Map(written.rows.dossiers.map((d) => [d.id, d]));
  const rows = ids.map((id) => byId.get(id)!);
  const actionOf = new Map(written.rows.actions.map((a) => [a.dossierId, a]));
  // Last, so the chain's lock is held for the shortest time before COMMIT.
  await appendAuditBatch(
    tx,
    rows.map((d, i) => {
      const it = items[i]!;
      return {
        actorId: it.actor.id,
        actorLabel: it.actor.username,
        requestId: it.requestId,
        action: `dossier.${it.action}`,
        targetType: 'dossier',
        targetId: d.id,
        details: { code: d.code, procedureId: d.procedureId, channel: d.channel },
      };
    }),
  );
  return rows.map((d) => ({ dossier: d, action: actionOf.get(d.id)! }));
}

const intakes = new WeakMap<Database, GroupCommit<IntakeItem, Received>>();

/**
 * Receives a validated dossier on the request's behalf and answers it once committed; the request is
 * then marked audited and its Idempotency-Key reserved, as `transact` would have.
 */
export async function intake(req: FastifyRequest, item: IntakeItem): Promise<Received> {
  const database = req.server.ctx.database;
  let g = intakes.get(database);
  if (!g) intakes.set(database, (g = new GroupCommit(database.db, writeBatch)));
  const received = await g.submit(item);
  req.audited = true;
  if (item.claim) item.claim.reserved = true;
  return received;
}
