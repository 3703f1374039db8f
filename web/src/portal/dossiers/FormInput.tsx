/** One field of a procedure's form (tờ khai), rendered from its type; its error tied to it for screen readers. */
import type { FormField } from '../../api/procedures.js';
import { pick, type Lang } from '../../i18n/index.js';

/** Today's date in Vietnam (YYYY-MM-DD), as the server judges a birth date. */
export const todayInVietnam = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/** The server's phone rule (src/platform/http/vn-formats.ts): a Vietnamese mobile or landline, however written. */
export const isVnPhone = (s: string) =>
  /^(?:\+84|84|0)(?:[35789]\d{8}|2\d{9})$/.test(s.trim().replace(/[\s.()-]/g, ''));

const INPUT_TYPE: Record<string, string> = {
  date: 'date',
  email: 'email',
  phone: 'tel',
  number: 'number',
  idNumber: 'text',
};

export function FormInput({
  f,
  value,
  onChange,
  error,
  lang,
}: {
  f: FormField;
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
    control = (
      <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
    );
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
    control = (
      <textarea
        {...common}
        maxLength={f.maxLength}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    control = (
      <input
        {...common}
        type={INPUT_TYPE[f.type] ?? 'text'}
        maxLength={f.maxLength}
        inputMode={f.type === 'idNumber' || f.type === 'phone' ? 'numeric' : undefined}
        pattern={
          f.type === 'idNumber'
            ? f.allowOldId
              ? '[0-9]{9}|[0-9]{12}'
              : '[0-9]{12}'
            : f.type === 'phone'
              ? '[0-9+ .()\\-]{9,20}'
              : undefined
        }
        min={f.type === 'number' ? f.min : f.type === 'date' && f.dateRange === 'future' ? todayInVietnam() : undefined}
        max={f.type === 'number' ? f.max : f.type === 'date' && f.dateRange === 'past' ? todayInVietnam() : undefined}
        step={f.type === 'number' ? (f.integer ? 1 : 'any') : undefined}
        value={value === undefined || value === null ? '' : String(value)}
        onChange={(e) =>
          onChange(f.type === 'number' ? (e.target.value === '' ? '' : Number(e.target.value)) : e.target.value)
        }
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
