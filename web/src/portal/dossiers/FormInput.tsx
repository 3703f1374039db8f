/** One field of a procedure's form (tờ khai), rendered from its type; its error tied to it for screen readers. */
import type { FormField } from '../../api/procedures.js';
import { pick, type Lang } from '../../i18n/index.js';

const INPUT_TYPE: Record<string, string> = { date: 'date', email: 'email', phone: 'tel', number: 'number', idNumber: 'text' };

export function FormInput({
  f,
  value,
  onChange,
  error,
  lang,
}: {
  f: FormField & { maxLength?: number };
  value: unknown;
  onChange: (v: unknown) => void;
  error?: string;
  lang: Lang;
}) {
  const id = `ff-${f.key}`;
  const common = {
    id,
    required: f.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    'data-testid': `form-${f.key}`,
  };
  let control;
  if (f.type === 'checkbox') {
    control = <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  } else if (f.type === 'select') {
    control = (
      <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {(f.options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {pick(o.label, lang)}
          </option>
        ))}
      </select>
    );
  } else if (f.type === 'textarea') {
    control = <textarea {...common} maxLength={f.maxLength} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} />;
  } else {
    control = (
      <input
        {...common}
        type={INPUT_TYPE[f.type] ?? 'text'}
        maxLength={f.maxLength}
        inputMode={f.type === 'idNumber' || f.type === 'phone' ? 'numeric' : undefined}
        pattern={f.type === 'idNumber' ? '[0-9]{9}|[0-9]{12}' : f.type === 'phone' ? '[0-9+ ]{8,15}' : undefined}
        value={value === undefined || value === null ? '' : String(value)}
        onChange={(e) => onChange(f.type === 'number' ? (e.target.value === '' ? '' : Number(e.target.value)) : e.target.value)}
      />
    );
  }
  return (
    <div className={`field ${f.type === 'checkbox' ? 'checkbox' : ''} ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>
        {pick(f.label, lang)}
        {f.required && <span aria-hidden="true"> *</span>}
      </label>
      {control}
      {error && (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
