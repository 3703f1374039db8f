/**
 * A dossier's fee account: the fee recorded on it (src/procedures/fees), what its payments brought in,
 * what was paid back. The desk sees it; the return of the result waits for it (../dossiers/actions/return.ts).
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/index.js';
import type { Dossier } from '../dossiers/schema.js';
import { computeFee, refundableShare, type FeeQuote } from '../fees/compute.js';
import { feeRulesOf } from '../fees/rules.js';
import { paymentRequests } from './schema.js';

export interface FeeAccount {
  fee: FeeQuote | null;
  total: number;
  paid: number;
  refunded: number;
  /** Still to pay (0 once paid, for an exempt dossier, or once it was refused or withdrawn). */
  owed: number;
  /** To pay back: the refundable share of what was paid, for a dossier refused or withdrawn. */
  refundDue: number;
  exempt: boolean;
}

const CLOSED = ['refused', 'withdrawn'];

export async function feeAccount(
  ex: Executor,
  d: Pick<Dossier, 'id' | 'procedureId' | 'status' | 'fee' | 'formData' | 'channel' | 'submittedAt'>,
): Promise<FeeAccount> {
  let fee = d.fee;
  if (!fee) {
    // A dossier from before fees were recorded: its fee by today's rules, without a claimed reduction.
    const r = computeFee(await feeRulesOf(ex, d.procedureId), {
      formData: d.formData,
      channel: d.channel,
      at: d.submittedAt,
    });
    fee = r.ok ? r.quote : null;
  }
  const payments = await ex.select().from(paymentRequests).where(eq(paymentRequests.dossierId, d.id));
  const paid = payments.filter((p) => p.status === 'paid').reduce((s, p) => s + p.amount, 0);
  const refunded = payments.reduce((s, p) => s + (p.refundedAmount ?? 0), 0);
  const total = fee?.total ?? 0;
  const closed = CLOSED.includes(d.status);
  return {
    fee,
    total,
    paid,
    refunded,
    owed: closed ? 0 : Math.max(0, total - paid),
    refundDue: closed ? Math.max(0, refundableShare(fee, paid) - refunded) : 0,
    exempt: fee?.exempt ?? false,
  };
}
