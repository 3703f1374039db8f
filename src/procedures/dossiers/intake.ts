/**
 * The intake (tiếp nhận) of new dossiers, group-committed. Every new dossier takes the next number of
 * its desk's day (a counter row locked until COMMIT, so that numbers have no gap): one receipt at a time
 * per desk and flush of the disk. Receipts arriving together are therefore written together, set-wise in
 * one transaction: one counter update per desk and day, one statement inserting the dossiers, their first
 * actions and their notifications, one insert of their audit rows (which take no lock: the chainer links
 * them once committed). A receipt is answered only once its transaction has committed.
 */
import type { FastifyRequest } from 'fastify';
import crypto from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import {
  appendAuditBatch,
  enqueueStatement,
  GroupCommit,
  insertStatement,
  insertTogether,
  reserveIdempotencyClaim,
  type Database,
  type Files,
  type IdempotencyClaim,
  type Tx,
} from '../../platform/index.js';
import { allocateCodes, localDay } from './codes.js';
import { dossierActions, dossiers, type Dossier, type DossierAction } from './schema.js';
import { NOTIFY_DOSSIER } from './service.js';

/** A validated new dossier, complete but for its code. */
export interface IntakeItem {
  /** The code of the desk that receives it (its counter numbers the dossier). */
  deskCode: string;
  at: Date;
  values: Omit<typeof dossiers.$inferInsert, 'id' | 'code' | 'lastSeq' | 'createdAt' | 'updatedAt' | 'submittedAt'> &
    Required<Pick<typeof dossiers.$inferInsert, 'status'>>;
  action: 'submit' | 'receive';
  actionDetails: Record<string, unknown>;
  actor: { id: string; displayName: string; username: string };
  requestId: string;
  /** The request's Idempotency-Key, reserved in the same transaction. */
  claim: IdempotencyClaim | null;
  /** The files its papers name (sha-256), which its actor must have uploaded: checked in the batch, one query for all its dossiers. */
  files: string[];
}

/** The dossier names files nobody uploaded: it is not written, and its request answers which. */
export class MissingFiles extends Error {
  constructor(readonly shas: string[]) {
    super(`files not uploaded: ${shas.join(', ')}`);
  }
}

/** A dossier as written, with its first action (its whole timeline so far). */
export interface Received {
  dossier: Dossier;
  action: DossierAction;
}

/**
 * The batch: first the files every dossier names, in one query (a request checking its own would
 * cost each submission a round trip); a dossier naming a missing one is answered so and left out,
 * before its Idempotency-Key is reserved. The others are written.
 */
export async function writeBatch(
  files: Files,
  tx: Tx,
  items: IntakeItem[],
  opts: { notify?: boolean } = {},
): Promise<(Received | MissingFiles)[]> {
  const uploaders = await files.uploaders(
    tx,
    items.flatMap((it) => it.files),
  );
  const out: (Received | MissingFiles)[] = [];
  const accepted: number[] = [];
  items.forEach((it, i) => {
    // Only files this dossier's author uploaded (the applicant online, the officer at the desk).
    const missing = it.files.filter((sha) => !uploaders.get(sha)?.has(it.actor.id));
    if (missing.length) out[i] = new MissingFiles(missing);
    else accepted.push(i);
  });
  if (accepted.length) {
    const written = await writeDossiers(
      tx,
      accepted.map((i) => items[i]!),
      opts.notify !== false,
    );
    accepted.forEach((i, j) => (out[i] = written[j]!));
  }
  return out;
}

async function writeDossiers(tx: Tx, items: IntakeItem[], notify: boolean): Promise<Received[]> {
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
    ids.map((id, i) => ({
      payload: { dossierId: id, seq: 1, action: items[i]!.action },
      dedupeKey: `${NOTIFY_DOSSIER}:${id}:1`,
    })),
  );
  const written = await insertTogether(
    tx,
    {
      dossiers: insertStatement(
        dossiers,
        items.map((it, i) => ({
          ...it.values,
          id: ids[i]!,
          code: codes[i]!,
          submittedAt: it.at,
          lastSeq: 1,
          createdAt: it.at,
          updatedAt: it.at,
        })),
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
      // A dossier recorded after the fact (the living demo's past) tells nobody: its news is long stale.
      ...(notify ? { jobs: jobs.insert } : {}),
    },
    notify ? { wake: jobs.wake } : ({} as Record<'wake', SQL>),
  );
  const byId = new Map(written.rows.dossiers.map((d) => [d.id, d]));
  const rows = ids.map((id) => byId.get(id)!);
  const actionOf = new Map(written.rows.actions.map((a) => [a.dossierId, a]));
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
        scope: { agencyId: d.agencyId },
      };
    }),
  );
  return rows.map((d) => ({ dossier: d, action: actionOf.get(d.id)! }));
}

const intakes = new WeakMap<Database, GroupCommit<IntakeItem, Received | MissingFiles>>();

/**
 * Receives a validated dossier on the request's behalf and answers it once committed; the request is
 * then marked audited and its Idempotency-Key reserved, as `transact` would have. Throws MissingFiles
 * when a file it names was never uploaded (nothing written).
 */
export async function intake(req: FastifyRequest, item: IntakeItem): Promise<Received> {
  const database = req.server.ctx.database;
  let g = intakes.get(database);
  if (!g) {
    const files = req.server.ctx.files;
    intakes.set(database, (g = new GroupCommit(database.db, (tx, items) => writeBatch(files, tx, items))));
  }
  const received = await g.submit(item);
  if (received instanceof MissingFiles) throw received;
  req.audited = true;
  if (item.claim) item.claim.reserved = true;
  return received;
}
