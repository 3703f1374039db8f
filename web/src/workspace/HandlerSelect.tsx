/**
 * The picker of an assign form (chọn cán bộ xử lý), for dossiers and field reports alike: it lists
 * whom the server says the assign action accepts (`…/handlers`), grants on parent agencies and
 * units included, so no one offered is refused and no one who could be is missing.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useT, type MessageKey } from '../i18n/index.js';

export interface Assignable {
  accountId: string;
  displayName: string;
  position: string | null;
  agencyName: string | null;
  roles: string[];
}

/** Who may be assigned, as the server lists them; shared by the picker and the form around it. */
export function useHandlers(url: string) {
  return useQuery({
    queryKey: ['handlers', url],
    queryFn: ({ signal }) => api<{ items: Assignable[] }>(url, { signal }),
    staleTime: 60_000,
  });
}

export function HandlerSelect({
  url,
  id,
  label,
  value,
  onChange,
  error,
  testId,
}: {
  /** The endpoint listing who may be assigned, e.g. `/api/dossiers/{id}/handlers`. */
  url: string;
  id: string;
  label: MessageKey;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  testId: string;
}) {
  const t = useT();
  const people = useHandlers(url);
  const items = people.data?.items ?? [];
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{t(label)}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">{people.isPending ? t('app.loading') : t('os.ws.chooseHandler', { n: items.length })}</option>
        {items.map((p) => (
          <option key={p.accountId} value={p.accountId}>
            {p.displayName}
            {p.position ? ` — ${p.position}` : ''}
            {p.roles.length ? ` (${p.roles.map((r) => t(`role.${r}` as MessageKey)).join(', ')})` : ''}
          </option>
        ))}
      </select>
      {people.isError && <ErrorNotice error={people.error} compact />}
      {error && (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
