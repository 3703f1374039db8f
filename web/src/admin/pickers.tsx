import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { keys, type Agency, type Page, type Unit } from '../api/directory.js';
import { pick, useLang, useT, type Lang } from '../i18n/index.js';
import { unitTypeLabel } from './unitLabels.js';

/** What a picker holds: enough to show the choice without asking the server again. */
export interface Picked {
  id: string;
  code: string;
  name: Unit['name'];
  type?: string;
  level?: number | string;
  parentId?: string | null;
}

interface PickerProps {
  id: string;
  label: string;
  value: Picked | null;
  onChange: (v: Picked | null) => void;
  testId: string;
  hint?: string;
  error?: string;
  required?: boolean;
  /** The text of the empty choice. */
  emptyLabel?: string;
  /** Ids that may not be chosen (the unit itself, units already in a list). */
  exclude?: string[];
  disabled?: boolean;
}

function useDebounced(text: string, ms = 300): string {
  const [v, setV] = useState(text.trim());
  useEffect(() => {
    const h = setTimeout(() => setV(text.trim()), ms);
    return () => clearTimeout(h);
  }, [text, ms]);
  return v;
}

/**
 * A searchable select: a search box narrows the options the server gives, a native select chooses
 * (keyboard and screen-reader friendly on every phone). The chosen item stays listed while searching.
 */
function SearchSelect({
  id,
  label,
  value,
  onChange,
  testId,
  hint,
  error,
  required,
  emptyLabel,
  exclude,
  disabled,
  options,
  loading,
  describe,
  search,
  setSearch,
}: PickerProps & {
  options: Picked[];
  loading: boolean;
  describe: (p: Picked, lang: Lang) => string;
  search: string;
  setSearch: (s: string) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const shown = options.filter((o) => !exclude?.includes(o.id) || o.id === value?.id);
  if (value && !shown.some((o) => o.id === value.id)) shown.unshift(value);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field picker has-error' : 'field picker'}>
      <label htmlFor={id}>{label}</label>
      <div className="picker__controls">
        <input
          type="search"
          className="picker__search"
          aria-label={t('picker.searchIn', { label })}
          placeholder={t('picker.placeholder')}
          value={search}
          disabled={disabled}
          onChange={(e) => setSearch(e.target.value)}
          data-testid={`${testId}-search`}
        />
        <select
          id={id}
          data-testid={testId}
          value={value?.id ?? ''}
          required={required}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          aria-busy={loading}
          onChange={(e) => onChange(shown.find((o) => o.id === e.target.value) ?? null)}
        >
          <option value="">{loading ? t('app.loading') : (emptyLabel ?? t('picker.choose'))}</option>
          {shown.map((o) => (
            <option key={o.id} value={o.id}>
              {describe(o, lang)}
            </option>
          ))}
        </select>
      </div>
      {!loading && search.trim() && options.length === 0 && <span className="field__hint">{t('picker.noMatch')}</span>}
      {hint && (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export const unitPicked = (u: Unit): Picked => ({
  id: u.id,
  code: u.code,
  name: u.name,
  type: u.type,
  level: u.level,
  parentId: u.parentId,
});

/** Picks an administrative unit in force (on `asOf`); without a search it lists the units of `levels[0]`, with one it searches all of `levels`. */
export function UnitPicker(props: PickerProps & { levels?: number[]; asOf?: string }) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search);
  const levels = props.levels ?? [1, 2, 3];
  const query = {
    q: q || undefined,
    level: q ? (levels.length === 1 ? levels[0] : undefined) : levels[0],
    asOf: props.asOf || undefined,
    limit: 60,
  };
  const list = useQuery({
    queryKey: keys.unitList({ picker: true, ...query }),
    queryFn: ({ signal }) => api<Page<Unit>>('/api/directory/units', { query, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const options = (list.data?.items ?? []).filter((u) => levels.includes(Number(u.level))).map(unitPicked);
  return (
    <SearchSelect
      {...props}
      search={search}
      setSearch={setSearch}
      options={options}
      loading={list.isPending}
      describe={(p, lang) => `${pick(p.name, lang)} (${p.code})${p.type ? ` — ${unitTypeLabel(p.type, t)}` : ''}`}
    />
  );
}

export const agencyPicked = (a: Agency): Picked => ({ id: a.id, code: a.code, name: a.name, parentId: a.parentId });

/** Picks an agency by name or electronic code. */
export function AgencyPicker(props: PickerProps) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search);
  const query = { q: q || undefined, limit: 60 };
  const list = useQuery({
    queryKey: keys.agencies({ picker: true, ...query }),
    queryFn: ({ signal }) => api<Page<Agency>>('/api/directory/agencies', { query, signal }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const options = (list.data?.items ?? []).map(agencyPicked);
  return (
    <SearchSelect
      {...props}
      search={search}
      setSearch={setSearch}
      options={options}
      loading={list.isPending}
      describe={(p, lang) => `${pick(p.name, lang)}${p.code ? ` (${p.code})` : ''}`}
    />
  );
}
