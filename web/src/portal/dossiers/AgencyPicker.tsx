/** Choosing an agency from the directory: type part of its name, pick it from the matches. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { useT } from '../../i18n/index.js';

export interface AgencyOption {
  id: string;
  code: string;
  key: string | null;
  name: string;
}

export function useAgencySearch(q: string, enabled = true) {
  return useQuery({
    queryKey: ['directory', 'agencies', 'pick', q],
    queryFn: ({ signal }) =>
      api<{ items: AgencyOption[]; total: number }>('/api/directory/agencies', {
        query: { q: q || undefined, active: true, limit: 50 },
        signal,
      }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** The province's public administration service centre (Trung tâm Phục vụ hành chính công), where province-level dossiers are received. */
export function useServiceCentre() {
  const q = useAgencySearch('Trung tâm Phục vụ hành chính công');
  return q.data?.items.find((a) => a.key === 'TTHCC') ?? q.data?.items[0] ?? null;
}

export function AgencyPicker({
  id,
  label,
  value,
  onChange,
  required,
  error,
  testId,
  exclude,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (id: string) => void;
  required?: boolean;
  error?: string;
  testId?: string;
  exclude?: string[];
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const list = useAgencySearch(q.trim());
  const items = (list.data?.items ?? []).filter((a) => !exclude?.includes(a.id));
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label htmlFor={`${id}-q`}>{t('os.agencySearch')}</label>
      <input
        id={`${id}-q`}
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-testid={testId ? `${testId}-search` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">{list.isPending ? t('app.loading') : t('os.chooseAgency', { n: items.length })}</option>
        {items.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      {error && (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
