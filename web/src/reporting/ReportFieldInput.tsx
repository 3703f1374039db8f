import { pick, useLang, useT } from '../i18n/index.js';
import type { ReportField } from './periodic.js';

/** The input's id of a field (and of a table's cell), so that an error summary can link to it. */
export const inputId = (key: string, row?: number, column?: string) =>
  row === undefined ? `rf-${key}` : `rf-${key}-${row}-${column}`;

/** The field's type, whether it is required, its formula and its check, under its label. */
export function FieldFacts({ field }: { field: ReportField }) {
  const t = useT();
  return (
    <span className="field__hint" id={`${inputId(field.key)}-facts`}>
      {t(`rep.periodic.type.${field.type}`)}
      {field.required ? ` · ${t('rep.periodic.required')}` : ''}
      {field.formula && (
        <>
          {' · '}
          {t('rep.periodic.formula', { formula: '' })}
          <code>
            {field.key} = {field.formula}
          </code>{' '}
          {t('rep.periodic.formulaHint')}
        </>
      )}
      {field.check && (
        <>
          {' · '}
          {t('rep.periodic.check', { check: '' })}
          <code>{field.check}</code>
        </>
      )}
    </span>
  );
}

/**
 * One number, percent or text field of a report. A field the platform prefilled from an indicator is shown as
 * computed: read only, with the indicator it came from. The server's error for the field is tied to the input.
 */
export function ReportFieldInput({
  field,
  value,
  computed,
  readOnly,
  error,
  onChange,
}: {
  field: ReportField;
  value: string;
  computed: boolean;
  readOnly: boolean;
  error?: string;
  onChange: (v: string) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const id = inputId(field.key);
  const describedBy = [`${id}-facts`, computed && `${id}-source`, error && `${id}-error`].filter(Boolean).join(' ');
  const common = {
    id,
    value,
    readOnly: readOnly || computed,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required && !field.formula ? true : undefined,
    'data-testid': `report-field-${field.key}`,
  };
  return (
    <div className={['field', error ? 'has-error' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {pick({ vi: field.labelVi, en: field.labelEn }, lang)}{' '}
        {computed && (
          <span className="badge badge--status" data-testid={`report-computed-${field.key}`}>
            {t('rep.periodic.computed')}
          </span>
        )}
      </label>
      {field.type === 'text' ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" inputMode="decimal" onChange={(e) => onChange(e.target.value)} />
      )}
      <FieldFacts field={field} />
      {computed && (
        <span className="field__hint" id={`${id}-source`}>
          {t('rep.periodic.computedSource', { indicator: field.indicator ?? '' })}
        </span>
      )}
      {error && (
        <span className="field__error" id={`${id}-error`} data-testid={`report-field-${field.key}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}
