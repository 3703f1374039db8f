import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant } from '../components/format.js';
import { Empty, Loading } from '../components/States.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { TableWrap } from '../components/TableWrap.js';

interface AuditRow {
  seq: number;
  at: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
}
interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAt?: { seq: number; reason: string } | number;
}

const LIMIT = 50;

export default function AuditPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('audit.title'));
  const log = useInfiniteQuery({
    queryKey: ['audit', 'log'],
    queryFn: ({ pageParam, signal }) => api<{ items: AuditRow[] }>('/api/audit', { query: { limit: LIMIT, before: pageParam }, signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.items.length < LIMIT ? undefined : last.items[last.items.length - 1]?.seq),
  });
  const verify = useMutation({ mutationFn: () => api<VerifyResult>('/api/audit/verify') });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const broken = verify.data?.brokenAt;

  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('audit.title')}</h1>
        <button type="button" className="button button--primary" data-testid="audit-verify" disabled={verify.isPending} onClick={() => verify.mutate()}>
          {verify.isPending ? t('audit.verifying') : t('audit.verify')}
        </button>
      </div>
      <div aria-live="polite">
        {verify.isError && <ErrorNotice error={verify.error} />}
        {verify.data &&
          (verify.data.ok ? (
            <p className="notice notice--success" data-testid="audit-verify-result">
              {t('audit.ok', { checked: verify.data.checked })}
            </p>
          ) : (
            <p className="notice notice--error" data-testid="audit-verify-result">
              {t('audit.broken', {
                seq: typeof broken === 'object' ? broken.seq : (broken ?? '?'),
                reason: typeof broken === 'object' ? broken.reason : '',
                checked: verify.data.checked,
              })}
            </p>
          ))}
      </div>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ErrorNotice error={log.error} onRetry={() => void log.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{t('audit.empty')}</Empty>
      ) : (
        <>
          <TableWrap label={t('audit.title')}>
            <table className="table table--stack table--compact" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.seq')}</th>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.target')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.seq}>
                    <td data-label={t('audit.seq')}>{r.seq}</td>
                    <td data-label={t('audit.at')} className="nowrap">
                      {formatInstant(r.at, lang)}
                    </td>
                    <td data-label={t('audit.actor')}>{r.actorLabel}</td>
                    <td data-label={t('audit.action')}>
                      <code>{r.action}</code>
                    </td>
                    <td data-label={t('audit.target')}>
                      <span>
                        {r.targetType}
                        {r.targetId && <span className="muted small"> {r.targetId}</span>}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {log.hasNextPage && (
            <p>
              <button type="button" className="button button--ghost" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                {log.isFetchingNextPage ? t('app.loading') : t('app.loadMore')}
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}
