/** A procedure's fee rows (catalog) as the rules `computeFee` counts, and the dossier's fee from them. */
import { asc, eq } from 'drizzle-orm';
import { problems, type Executor, type FieldError } from '../../platform/index.js';
import { procedureFees, type ProcedureFee } from '../catalog/schema.js';
import { computeFee, type FeeInput, type FeeQuote, type FeeRule } from './compute.js';

export const toFeeRule = (r: ProcedureFee): FeeRule => ({
  name: r.name,
  amount: r.amount,
  kind: r.kind,
  quantityField: r.quantityField,
  fromCopy: r.fromCopy,
  brackets: r.brackets,
  reductions: r.reductions,
  onlineReductionPercent: r.onlineReductionPercent,
  refundable: r.refundable,
  legalBasis: r.legalBasis,
  validFrom: r.validFrom,
  validTo: r.validTo,
});

export async function feeRulesOf(ex: Executor, procedureId: string): Promise<FeeRule[]> {
  const rows = await ex
    .select()
    .from(procedureFees)
    .where(eq(procedureFees.procedureId, procedureId))
    .orderBy(asc(procedureFees.ordinal));
  return rows.map(toFeeRule);
}

/** The fee, or a 400 naming what is wrong (a category without evidence, a count of copies that is no count). */
export function assessFee(rows: ProcedureFee[] | FeeRule[], input: FeeInput, attachedFiles?: string[]): FeeQuote {
  const rules = rows.map((r) => ('procedureId' in r ? toFeeRule(r) : r));
  const r = computeFee(rules, input);
  const errors: FieldError[] = r.ok ? [] : [...r.errors];
  // The evidence is one of the dossier's own papers, uploaded by its applicant like any other.
  if (attachedFiles) {
    const have = new Set(attachedFiles);
    (input.evidence ?? []).forEach((sha, i) => {
      if (!have.has(sha))
        errors.push({
          field: `/body/fee/evidence/${i}`,
          code: 'evidence-not-attached',
          message: {
            vi: 'Giấy tờ chứng minh phải được đính kèm hồ sơ.',
            en: 'The evidence must be attached to the dossier.',
          },
        });
    });
  }
  if (!r.ok || errors.length)
    throw problems.badRequest(
      { vi: 'Không tính được phí, lệ phí.', en: 'The fee cannot be computed.' },
      { code: 'fee-invalid', errors },
    );
  return r.quote;
}
