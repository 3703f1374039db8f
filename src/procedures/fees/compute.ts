/**
 * Fees by rule (phí, lệ phí theo quy tắc): each of a procedure's fee rows is a rule, and the fee of a
 * dossier is computed from its form on the server. Pure: the routes, the dossier intake and the
 * supplement action all call `computeFee`, so the wizard's quote and the recorded fee cannot differ.
 */
import type { FeeBracket, FeeKind, FeeReduction } from '../catalog/schema.js';
import { VIETNAM_UTC_OFFSET_MS, type FieldError } from '../../platform/index.js';

export interface FeeRule {
  name: string;
  amount: number;
  kind: FeeKind;
  quantityField: string | null;
  fromCopy: number;
  brackets: FeeBracket[] | null;
  reductions: FeeReduction[];
  onlineReductionPercent: number;
  refundable: boolean;
  legalBasis: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/** What the fee depends on: the form, how it was submitted, and the category the applicant claims with its evidence. */
export interface FeeInput {
  formData: Record<string, unknown>;
  channel: 'online' | 'counter';
  /** A reduction or exemption category (e.g. `poor-household`), as the rules name it. */
  category?: string | null;
  /** Files (sha-256) proving the category; at least one is required with a category. */
  evidence?: string[];
  at: Date;
}

export interface FeeLine {
  name: string;
  /** Before reductions. */
  base: number;
  /** Copies charged (per_copy) or the field's value (by_field). */
  quantity?: number;
  reductions: { reason: 'category' | 'online'; percent: number; amount: number }[];
  amount: number;
  refundable: boolean;
  legalBasis: string | null;
}

/** The fee as recorded on a dossier (dossiers.fee). */
export interface FeeQuote {
  items: FeeLine[];
  total: number;
  category: string | null;
  evidence: string[];
  /** A category brought the fee to 0 (miễn): nothing is owed, and the result may be returned. */
  exempt: boolean;
  computedAt: string;
}

const err = (field: string, code: string, vi: string, en: string): FieldError => ({ field, code, message: { vi, en } });

/** The local (UTC+7) calendar date of an instant, 'YYYY-MM-DD'. */
const localDate = (d: Date) => new Date(d.getTime() + VIETNAM_UTC_OFFSET_MS).toISOString().slice(0, 10);

/** Rules in force on a date: a change of law is a new row with its own validity. */
export const rulesInForce = (rules: FeeRule[], at: Date) => {
  const day = localDate(at);
  return rules.filter((r) => (!r.validFrom || r.validFrom <= day) && (!r.validTo || day <= r.validTo));
};

function numberOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.replace(',', '.'))))
    return Number(v.replace(',', '.'));
  return null;
}

/** Percent of an amount in whole đồng (VND has no minor unit), rounded half up. */
const percentOf = (amount: number, percent: number) => Math.round((amount * percent) / 100);

/** The fee, or the reasons it cannot be computed (fields of the form, a category without evidence…). */
export function computeFee(
  rules: FeeRule[],
  input: FeeInput,
): { ok: true; quote: FeeQuote } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const active = rulesInForce(rules, input.at);
  const category = input.category?.trim() || null;
  const evidence = [...new Set(input.evidence ?? [])];
  if (category) {
    if (!active.some((r) => r.reductions.some((x) => x.category === category))) {
      errors.push(
        err(
          '/body/fee/category',
          'unknown-category',
          'Thủ tục này không miễn, giảm phí cho đối tượng này.',
          'This procedure has no reduction for this category.',
        ),
      );
    } else if (!evidence.length) {
      const wanted = active
        .flatMap((r) => r.reductions.filter((x) => x.category === category))
        .map((x) => x.evidence)[0]!;
      errors.push(
        err(
          '/body/fee/evidence',
          'evidence-required',
          `Cần giấy tờ chứng minh để được miễn, giảm: ${wanted.vi}`,
          `Evidence is required for the reduction: ${wanted.en}`,
        ),
      );
    }
  } else if (evidence.length) {
    errors.push(
      err(
        '/body/fee/category',
        'required',
        'Chưa chọn đối tượng miễn, giảm cho giấy tờ chứng minh đã gửi.',
        'Evidence was sent without a category.',
      ),
    );
  }
  const items: FeeLine[] = [];
  for (const r of active) {
    let base = r.amount;
    let quantity: number | undefined;
    const field = r.quantityField ?? '';
    if (r.kind === 'per_copy') {
      const raw = field ? input.formData[field] : undefined;
      // Not given: one copy; given but not a number: wrong.
      const copies = raw === undefined || raw === null || raw === '' ? 1 : (numberOf(raw) ?? Number.NaN);
      if (!Number.isInteger(copies) || copies < 1) {
        errors.push(
          err(
            `/body/formData/${field}`,
            'copies',
            'Số bản phải là số nguyên từ 1.',
            'The number of copies must be a whole number from 1.',
          ),
        );
        continue;
      }
      quantity = Math.max(0, copies - r.fromCopy + 1);
      base = quantity * r.amount;
    } else if (r.kind === 'by_field') {
      const v = numberOf(input.formData[field]);
      if (v === null || v < 0) {
        errors.push(
          err(
            `/body/formData/${field}`,
            'fee-field',
            `Cần giá trị để tính phí: ${r.name}`,
            `A value is needed to compute the fee: ${r.name}`,
          ),
        );
        continue;
      }
      const bracket = (r.brackets ?? []).find((b) => b.upTo === null || v <= b.upTo);
      quantity = v;
      base = bracket?.amount ?? 0;
    }
    const reductions: FeeLine['reductions'] = [];
    let amount = base;
    const byCategory = category ? r.reductions.find((x) => x.category === category) : undefined;
    if (byCategory && amount > 0) {
      const cut = percentOf(amount, byCategory.percent);
      reductions.push({ reason: 'category', percent: byCategory.percent, amount: cut });
      amount -= cut;
    }
    if (input.channel === 'online' && r.onlineReductionPercent > 0 && amount > 0) {
      const cut = percentOf(amount, r.onlineReductionPercent);
      reductions.push({ reason: 'online', percent: r.onlineReductionPercent, amount: cut });
      amount -= cut;
    }
    items.push({
      name: r.name,
      base,
      ...(quantity !== undefined ? { quantity } : {}),
      reductions,
      amount,
      refundable: r.refundable,
      legalBasis: r.legalBasis,
    });
  }
  if (errors.length) return { ok: false, errors };
  const total = items.reduce((s, x) => s + x.amount, 0);
  const baseTotal = items.reduce((s, x) => s + x.base, 0);
  return {
    ok: true,
    quote: {
      items,
      total,
      category,
      evidence,
      exempt: !!category && baseTotal > 0 && total === 0,
      computedAt: input.at.toISOString(),
    },
  };
}

/** The part of a paid fee that is paid back when the dossier is refused or withdrawn (only refundable rules). */
export const refundableShare = (q: FeeQuote | null, paid: number): number => {
  if (!q || q.total <= 0) return 0;
  const refundable = q.items.filter((x) => x.refundable).reduce((s, x) => s + x.amount, 0);
  return Math.min(paid, Math.round((paid * refundable) / q.total));
};
