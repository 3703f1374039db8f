import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useLang, useT } from '../../i18n/index.js';
import { Field, fieldErrorOf } from '../Field.js';
import { FEE_KINDS, moved, nullIfBlank, useSaveProcedure, type Fee, type FullProcedure } from './types.js';

const blank = (): Fee => ({
  name: '',
  amount: 0,
  note: null,
  kind: 'fixed',
  quantityField: null,
  fromCopy: 1,
  brackets: null,
  reductions: [],
  onlineReductionPercent: 0,
  refundable: false,
  legalBasis: null,
  validFrom: null,
  validTo: null,
});
const int = (v: string, min = 0, max = 2_000_000_000) =>
  Math.min(max, Math.max(min, Math.round(Number(v.replace(/[.,\s]/g, '')) || 0)));

/** Phí, lệ phí as rules (../../../../src/procedures/fees): fixed, per copy, or by brackets; reductions by category; online reduction. */
export function FeesEditor({ procedure }: { procedure: FullProcedure }) {
  const t = useT();
  const { lang } = useLang();
  const [fees, setFees] = useState<Fee[]>(() =>
    procedure.fees.map(({ id: _id, ordinal: _o, ...f }) => ({ ...f, reductions: f.reductions ?? [] })),
  );
  const save = useSaveProcedure(procedure.id, t('catalog.fees.saved'));
  const update = (i: number, patch: Partial<Fee>) => setFees(fees.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const numberFields = procedure.formFields.filter((f) => f.type === 'number');
  const err = (i: number, k: string) => fieldErrorOf(save.error, `fees/${i}/${k}`, lang);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      fees: fees.map((f) => ({
        name: f.name.trim(),
        amount: f.amount,
        note: nullIfBlank(f.note),
        kind: f.kind,
        quantityField: f.kind === 'fixed' ? null : f.quantityField,
        fromCopy: f.fromCopy,
        brackets: f.kind === 'by_field' ? (f.brackets ?? []) : null,
        reductions: f.reductions,
        onlineReductionPercent: f.onlineReductionPercent,
        refundable: f.refundable,
        legalBasis: nullIfBlank(f.legalBasis),
        validFrom: nullIfBlank(f.validFrom),
        validTo: nullIfBlank(f.validTo),
      })),
    });
  };

  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="fees-heading" data-testid="fees-editor">
      <h2 id="fees-heading">{t('procedures.fees')}</h2>
      <p className="muted">{t('catalog.fees.hint')}</p>
      {save.isError && <ErrorNotice error={save.error} />}
      <ol className="steps">
        {fees.map((f, i) => (
          <li key={i} className="step" data-testid={`fee-${i}`}>
            <div className="filters">
              <Field id={`fee-${i}-name`} label={t('catalog.fees.name', { n: i + 1 })} error={err(i, 'name')}>
                <input value={f.name} onChange={(e) => update(i, { name: e.target.value })} required maxLength={500} />
              </Field>
              <Field id={`fee-${i}-amount`} label={t('catalog.fees.amount')} error={err(i, 'amount')}>
                <input
                  inputMode="numeric"
                  value={String(f.amount)}
                  onChange={(e) => update(i, { amount: int(e.target.value) })}
                />
              </Field>
              <Field id={`fee-${i}-kind`} label={t('catalog.fees.kind')}>
                <select
                  value={f.kind}
                  onChange={(e) =>
                    update(i, {
                      kind: e.target.value as Fee['kind'],
                      brackets:
                        e.target.value === 'by_field' ? (f.brackets ?? [{ upTo: null, amount: f.amount }]) : f.brackets,
                    })
                  }
                >
                  {FEE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`catalog.fees.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </Field>
              {f.kind !== 'fixed' && (
                <Field id={`fee-${i}-field`} label={t('catalog.fees.quantityField')} error={err(i, 'quantityField')}>
                  <select
                    value={f.quantityField ?? ''}
                    onChange={(e) => update(i, { quantityField: e.target.value || null })}
                  >
                    <option value="">{t('catalog.fees.none')}</option>
                    {numberFields.map((x) => (
                      <option key={x.key} value={x.key}>
                        {lang === 'vi' ? x.label.vi : x.label.en}
                      </option>
                    ))}
                  </select>
                </Field>
              )}
              {f.kind === 'per_copy' && (
                <Field id={`fee-${i}-from`} label={t('catalog.fees.fromCopy')}>
                  <input
                    type="number"
                    min={1}
                    max={1000}
                    value={f.fromCopy}
                    onChange={(e) => update(i, { fromCopy: int(e.target.value, 1, 1000) })}
                  />
                </Field>
              )}
              <Field id={`fee-${i}-online`} label={t('catalog.fees.online')}>
                <input
                  type="number"
                  min={0}
                  max={100}
                  value={f.onlineReductionPercent}
                  onChange={(e) => update(i, { onlineReductionPercent: int(e.target.value, 0, 100) })}
                />
              </Field>
            </div>
            {f.kind === 'by_field' && (
              <fieldset className="fieldset">
                <legend>{t('catalog.fees.brackets')}</legend>
                {err(i, 'brackets') && <p className="field__error">{err(i, 'brackets')}</p>}
                {(f.brackets ?? []).map((b, j) => (
                  <div className="filters" key={j}>
                    <Field id={`fee-${i}-b${j}-up`} label={t('catalog.fees.upTo')}>
                      <input
                        inputMode="decimal"
                        value={b.upTo === null ? '' : String(b.upTo)}
                        onChange={(e) =>
                          update(i, {
                            brackets: f.brackets!.map((x, k) =>
                              k === j
                                ? {
                                    ...x,
                                    upTo:
                                      e.target.value.trim() === ''
                                        ? null
                                        : Number(e.target.value.replace(',', '.')) || 0,
                                  }
                                : x,
                            ),
                          })
                        }
                      />
                    </Field>
                    <Field id={`fee-${i}-b${j}-amount`} label={t('catalog.fees.bracketAmount')}>
                      <input
                        inputMode="numeric"
                        value={String(b.amount)}
                        onChange={(e) =>
                          update(i, {
                            brackets: f.brackets!.map((x, k) => (k === j ? { ...x, amount: int(e.target.value) } : x)),
                          })
                        }
                      />
                    </Field>
                    <button
                      type="button"
                      className="button button--small button--ghost"
                      onClick={() => update(i, { brackets: f.brackets!.filter((_, k) => k !== j) })}
                    >
                      {t('catalog.fees.removeBracket', { n: j + 1 })}
                    </button>
                  </div>
                ))}
                <button
                  type="button"
                  className="button button--small button--ghost"
                  onClick={() => update(i, { brackets: [...(f.brackets ?? []), { upTo: null, amount: 0 }] })}
                >
                  + {t('catalog.fees.addBracket')}
                </button>
              </fieldset>
            )}
            <fieldset className="fieldset">
              <legend>{t('catalog.fees.reductions')}</legend>
              {f.reductions.map((r, j) => {
                const setR = (patch: Partial<Fee['reductions'][number]>) =>
                  update(i, { reductions: f.reductions.map((x, k) => (k === j ? { ...x, ...patch } : x)) });
                return (
                  <div className="filters" key={j} data-testid={`fee-${i}-reduction-${j}`}>
                    <Field
                      id={`fee-${i}-r${j}-cat`}
                      label={t('catalog.fees.category')}
                      error={err(i, `reductions/${j}/category`)}
                    >
                      <input
                        value={r.category}
                        pattern="[a-z0-9][a-z0-9\-]*"
                        onChange={(e) => setR({ category: e.target.value })}
                        required
                      />
                    </Field>
                    <Field id={`fee-${i}-r${j}-label`} label={t('catalog.fees.reductionLabel')}>
                      <input
                        value={r.label.vi}
                        onChange={(e) => setR({ label: { ...r.label, vi: e.target.value } })}
                        required
                      />
                    </Field>
                    <Field id={`fee-${i}-r${j}-labelEn`} label={t('catalog.fees.reductionLabelEn')}>
                      <input
                        value={r.label.en}
                        onChange={(e) => setR({ label: { ...r.label, en: e.target.value } })}
                        required
                      />
                    </Field>
                    <Field id={`fee-${i}-r${j}-pct`} label={t('catalog.fees.percent')}>
                      <input
                        type="number"
                        min={1}
                        max={100}
                        value={r.percent}
                        onChange={(e) => setR({ percent: int(e.target.value, 1, 100) })}
                      />
                    </Field>
                    <Field id={`fee-${i}-r${j}-ev`} label={t('catalog.fees.evidence')}>
                      <input
                        value={r.evidence.vi}
                        onChange={(e) => setR({ evidence: { ...r.evidence, vi: e.target.value } })}
                        required
                      />
                    </Field>
                    <Field id={`fee-${i}-r${j}-evEn`} label={t('catalog.fees.evidenceEn')}>
                      <input
                        value={r.evidence.en}
                        onChange={(e) => setR({ evidence: { ...r.evidence, en: e.target.value } })}
                        required
                      />
                    </Field>
                    <button
                      type="button"
                      className="button button--small button--ghost"
                      onClick={() => update(i, { reductions: f.reductions.filter((_, k) => k !== j) })}
                    >
                      {t('catalog.fees.removeReduction', { n: j + 1 })}
                    </button>
                  </div>
                );
              })}
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() =>
                  update(i, {
                    reductions: [
                      ...f.reductions,
                      { category: '', label: { vi: '', en: '' }, percent: 100, evidence: { vi: '', en: '' } },
                    ],
                  })
                }
              >
                + {t('catalog.fees.addReduction')}
              </button>
            </fieldset>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={f.refundable}
                onChange={(e) => update(i, { refundable: e.target.checked })}
              />{' '}
              {t('catalog.fees.refundable')}
            </label>
            <div className="filters">
              <Field id={`fee-${i}-basis`} label={t('catalog.fees.legalBasis')}>
                <input
                  value={f.legalBasis ?? ''}
                  onChange={(e) => update(i, { legalBasis: e.target.value })}
                  maxLength={1000}
                />
              </Field>
              <Field id={`fee-${i}-from-date`} label={t('catalog.fees.validFrom')}>
                <input
                  type="date"
                  value={f.validFrom ?? ''}
                  onChange={(e) => update(i, { validFrom: e.target.value || null })}
                />
              </Field>
              <Field id={`fee-${i}-to-date`} label={t('catalog.fees.validTo')} error={err(i, 'validTo')}>
                <input
                  type="date"
                  value={f.validTo ?? ''}
                  onChange={(e) => update(i, { validTo: e.target.value || null })}
                />
              </Field>
            </div>
            {f.note && <p className="muted">{f.note}</p>}
            <div className="actions">
              <button
                type="button"
                className="button button--small button--ghost"
                disabled={i === 0}
                onClick={() => setFees(moved(fees, i, -1))}
                aria-label={t('catalog.up', { n: i + 1 })}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button--small button--ghost"
                disabled={i === fees.length - 1}
                onClick={() => setFees(moved(fees, i, 1))}
                aria-label={t('catalog.down', { n: i + 1 })}
              >
                ↓
              </button>
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => setFees(fees.filter((_, j) => j !== i))}
              >
                {t('catalog.fees.remove', { n: i + 1 })}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="button button--ghost" onClick={() => setFees([...fees, blank()])}>
          + {t('catalog.fees.add')}
        </button>
        <button type="submit" className="button button--primary" data-testid="fees-save" disabled={save.isPending}>
          {save.isPending ? t('app.saving') : t('catalog.fees.save')}
        </button>
      </div>
    </form>
  );
}
