import { useState, type FormEvent } from 'react';
import type { FormField } from '../../api/procedures.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useLang, useT } from '../../i18n/index.js';
import { Field, fieldErrorOf } from '../Field.js';
import { FORM_FIELD_TYPES, moved, PREFILL_SOURCES, useSaveProcedure, type FullProcedure } from './types.js';

type Draft = FormField & { optionsText: string };

const optionsText = (f: FormField) =>
  (f.options ?? []).map((o) => `${o.value} | ${o.label.vi} | ${o.label.en}`).join('\n');
const parseOptions = (s: string) =>
  s
    .split('\n')
    .map((l) => l.split('|').map((c) => c.trim()))
    .filter((c) => c[0])
    .map(([value, vi, en]) => ({ value: value!, label: { vi: vi || value!, en: en || vi || value! } }));

/** The online form (tờ khai): its fields, their types, labels in both languages, choices and profile prefill. */
export function FormFieldsEditor({ procedure }: { procedure: FullProcedure }) {
  const t = useT();
  const { lang } = useLang();
  const [fields, setFields] = useState<Draft[]>(() =>
    procedure.formFields.map((f) => ({ ...f, optionsText: optionsText(f) })),
  );
  const save = useSaveProcedure(procedure.id, t('catalog.form.saved'));
  const update = (i: number, patch: Partial<Draft>) =>
    setFields(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const err = (i: number, k: string) => fieldErrorOf(save.error, `formFields/${i}/${k}`, lang);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      formFields: fields.map(({ optionsText: text, ...f }) => {
        const out: FormField = { ...f, key: f.key.trim() };
        if (f.type === 'select') out.options = parseOptions(text);
        else delete out.options;
        if (!out.prefill) delete out.prefill;
        return out;
      }),
    });
  };

  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby="form-heading" data-testid="form-editor">
      <h2 id="form-heading">{t('catalog.form.title')}</h2>
      <p className="muted">{t('catalog.form.hint')}</p>
      {save.isError && <ErrorNotice error={save.error} />}
      <ol className="steps">
        {fields.map((f, i) => (
          <li key={i} className="step" data-testid={`form-field-${i}`}>
            <div className="filters">
              <Field id={`ff-${i}-key`} label={t('catalog.form.key', { n: i + 1 })} error={err(i, 'key')}>
                <input
                  value={f.key}
                  pattern="[A-Za-z][A-Za-z0-9_]*"
                  maxLength={64}
                  onChange={(e) => update(i, { key: e.target.value })}
                  required
                />
              </Field>
              <Field id={`ff-${i}-type`} label={t('catalog.form.type')}>
                <select value={f.type} onChange={(e) => update(i, { type: e.target.value })}>
                  {FORM_FIELD_TYPES.map((x) => (
                    <option key={x} value={x}>
                      {t(`catalog.form.type.${x}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id={`ff-${i}-label`} label={t('catalog.form.label')} error={err(i, 'label/vi')}>
                <input
                  value={f.label.vi}
                  maxLength={300}
                  onChange={(e) => update(i, { label: { ...f.label, vi: e.target.value } })}
                  required
                />
              </Field>
              <Field id={`ff-${i}-labelEn`} label={t('catalog.form.labelEn')} error={err(i, 'label/en')}>
                <input
                  value={f.label.en}
                  maxLength={300}
                  onChange={(e) => update(i, { label: { ...f.label, en: e.target.value } })}
                  required
                />
              </Field>
              <Field id={`ff-${i}-prefill`} label={t('catalog.form.prefill')}>
                <select value={f.prefill ?? ''} onChange={(e) => update(i, { prefill: e.target.value || undefined })}>
                  <option value="">{t('catalog.form.prefill.none')}</option>
                  {PREFILL_SOURCES.map((x) => (
                    <option key={x} value={x}>
                      {t(`catalog.form.prefill.${x}`)}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            {f.type === 'select' && (
              <Field
                id={`ff-${i}-options`}
                label={t('catalog.form.options')}
                hint={t('catalog.form.optionsHint')}
                error={err(i, 'options')}
              >
                <textarea rows={3} value={f.optionsText} onChange={(e) => update(i, { optionsText: e.target.value })} />
              </Field>
            )}
            <label className="checkbox">
              <input type="checkbox" checked={f.required} onChange={(e) => update(i, { required: e.target.checked })} />{' '}
              {t('catalog.form.required')}
            </label>
            <div className="actions">
              <button
                type="button"
                className="button button--small button--ghost"
                disabled={i === 0}
                onClick={() => setFields(moved(fields, i, -1))}
                aria-label={t('catalog.up', { n: i + 1 })}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button--small button--ghost"
                disabled={i === fields.length - 1}
                onClick={() => setFields(moved(fields, i, 1))}
                aria-label={t('catalog.down', { n: i + 1 })}
              >
                ↓
              </button>
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => setFields(fields.filter((_, j) => j !== i))}
              >
                {t('catalog.form.remove', { n: i + 1 })}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button
          type="button"
          className="button button--ghost"
          onClick={() =>
            setFields([
              ...fields,
              {
                key: `field${fields.length + 1}`,
                type: 'text',
                label: { vi: '', en: '' },
                required: false,
                optionsText: '',
              },
            ])
          }
        >
          + {t('catalog.form.add')}
        </button>
        <button type="submit" className="button button--primary" data-testid="form-save" disabled={save.isPending}>
          {save.isPending ? t('app.saving') : t('catalog.form.save')}
        </button>
      </div>
    </form>
  );
}
