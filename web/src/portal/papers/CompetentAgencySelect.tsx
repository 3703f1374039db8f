/** The agencies competent for a procedure (the server's own rule): the wizard offers only these. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { papersKeys, type CompetentAgency } from '../../api/papers.js';
import { useT } from '../../i18n/index.js';

export function CompetentAgencySelect({
  procedureId,
  id,
  label,
  value,
  onChange,
  error,
  testId,
}: {
  procedureId: string;
  id: string;
  label: string;
  value: string;
  onChange: (id: string) => void;
  error?: string;
  testId?: string;
}) {
  const t = useT();
  const list = useQuery({
    queryKey: papersKeys.competent(procedureId),
    queryFn: ({ signal }) =>
      api<{ items: CompetentAgency[] }>(`/api/procedures/${encodeURIComponent(procedureId)}/agencies`, { signal }),
    staleTime: 5 * 60_000,
  });
  const items = list.data?.items ?? [];
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
      >
        <option value="">{list.isPending ? t('app.loading') : t('os.chooseAgency', { n: items.length })}</option>
        {items.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <span className="small muted" id={`${id}-hint`}>
        {t('papers.competentHint')}
      </span>
      {error && (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
