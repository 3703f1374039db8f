/**
 * A dossier's result kept as its applicant's electronic document (số hoá kết quả, Nghị định 45/2020/NĐ-CP):
 * written in the transaction of the action that stores the result, so that no result goes unkept.
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/index.js';
import { procedures } from '../catalog/schema.js';
import type { Dossier } from '../dossiers/schema.js';
import { repositoryDocuments } from './schema.js';

const localDate = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

export interface ResultFacts {
  sha256: string;
  /** Số, ký hiệu of the paper issued. */
  number?: string;
  validUntil?: string;
}

/** Keeps the result; a dossier with neither an applicant account nor an identity number has no one to keep it for. */
export async function keepResult(tx: Tx, d: Dossier, facts: ResultFacts, now: Date): Promise<string | null> {
  if (!d.applicantAccountId && !d.applicantIdNumber) return null;
  const [p] = await tx
    .select({ resultKindCode: procedures.resultKindCode, resultType: procedures.resultType, name: procedures.name })
    .from(procedures)
    .where(eq(procedures.id, d.procedureId));
  const [row] = await tx
    .insert(repositoryDocuments)
    .values({
      ownerAccountId: d.applicantAccountId,
      ownerIdNumber: d.applicantIdNumber,
      kindCode: p?.resultKindCode ?? null,
      title: p?.resultType ?? `Kết quả: ${p?.name ?? d.code}`,
      sha256: facts.sha256,
      number: facts.number ?? null,
      issuerAgencyId: d.agencyId,
      issuedOn: localDate(now),
      validUntil: facts.validUntil ?? null,
      origin: 'result',
      dossierId: d.id,
      // Issued by the agency through its own dossier: verified by construction.
      verifiedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: repositoryDocuments.id });
  return row?.id ?? null;
}
