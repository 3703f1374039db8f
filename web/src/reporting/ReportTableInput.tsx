import { pick, useLang, useT } from '../i18n/index.js';
import type { ReportField } from './periodic.js';
import { FieldFacts, inputId } from './ReportFieldInput.js';

export type Row = Record<string, string>;

/** A table field: one row per line the agency reports, rows added and removed, each cell labelled by its column and row. */
export function ReportTableInput({
  field,
  rows,
  readOnly,
  error,
  cellError,
  onChange,
}: {
  field: ReportField;
  rows: Row[];
  readOnly: boolean;
  error?: string;
  cellError: (row: number, column: string) => string | undefined;
  onChange: (rows: Row[]) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const id = inputId(field.key);
  const columns = field.columns ?? [];
  const label = pick({ vi: field.labelVi, en: field.labelEn }, lang);
  const set = (i: number, key: string, v: string) => onChange(rows.map((r, j) => (j === i ? { ...r, [key]: v } : r)));
  return (
    <fieldset
      className={['field', error ? 'has-error' : ''].filter(Boolean).join(' ')}
      data-testid={`report-table-${field.key}`}
    >
      <legend id={`${id}-legend`}>{label}</legend>
      <FieldFacts field={field} />
      {rows.length === 0 ? (
        <p className="muted">{t('rep.periodic.noRows')}</p>
      ) : (
        <div className="tablewrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">#</th>
                {columns.map((c) => (
                  <th scope="col" key={c.key} id={`${id}-col-${c.key}`}>
                    {pick({ vi: c.labelVi, en: c.labelEn }, lang)}
                  </th>
                ))}
                {!readOnly && (
                  <th scope="col">
                    <span className="visually-hidden">{t('rep.periodic.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <th scope="row" id={`${id}-row-${i}`}>
                    {i + 1}
                  </th>
                  {columns.map((c) => {
                    const cid = inputId(field.key, i, c.key);
                    const err = cellError(i, c.key);
                    return (
                      <td key={c.key}>
                        <input
                          id={cid}
                          type="text"
                          inputMode={c.type === 'number' ? 'decimal' : undefined}
                          aria-labelledby={`${id}-col-${c.key} ${id}-row-${i}`}
                          aria-invalid={err ? true : undefined}
                          aria-describedby={err ? `${cid}-error` : undefined}
                          value={r[c.key] ?? ''}
                          readOnly={readOnly}
                          onChange={(e) => set(i, c.key, e.target.value)}
                          data-testid={`report-cell-${field.key}-${i}-${c.key}`}
                        />
                        {err && (
                          <span className="field__error" id={`${cid}-error`}>
                            {err}
                          </span>
                        )}
                      </td>
                    );
                  })}
                  {!readOnly && (
                    <td>
                      <button
                        type="button"
                        className="button button--ghost button--small"
                        onClick={() => onChange(rows.filter((_, j) => j !== i))}
                        data-testid={`report-remove-row-${field.key}-${i}`}
                      >
                        {t('rep.periodic.removeRow', { n: i + 1 })}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!readOnly && (
        <p>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => onChange([...rows, {}])}
            data-testid={`report-add-row-${field.key}`}
          >
            {t('rep.periodic.addRow')}
            <span className="visually-hidden"> — {label}</span>
          </button>
        </p>
      )}
      {error && (
        <span className="field__error" id={`${id}-error`} data-testid={`report-field-${field.key}-error`}>
          {error}
        </span>
      )}
    </fieldset>
  );
}
