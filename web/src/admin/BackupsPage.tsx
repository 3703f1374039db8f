import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant } from '../components/format.js';
import { Empty, Loading } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { usePageTitle, useLang, useT, type MessageKey } from '../i18n/index.js';
import { BackupStatusNotice, formatSize, type BackupStatus } from './BackupStatusNotice.js';

interface BackupRun {
  id: string;
  trigger: 'scheduled' | 'manual';
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  archive: string | null;
  kind: 'full' | 'incremental' | null;
  sizeBytes: number | null;
  error: string | null;
}

/** The province's backups: whether they are current, every run with its outcome, and "back up now". */
export default function BackupsPage() {
  const t = useT();
  const { lang } = useLang();
  usePageTitle(t('backup.title'));
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['backups', 'list'],
    queryFn: ({ signal }) => api<{ status: BackupStatus; runs: BackupRun[] }>('/api/backups', { signal }),
    // While a run is under way its outcome is looked for again.
    refetchInterval: (q) => (q.state.data?.status.running ? 3000 : false),
  });
  const now = useMutation({
    mutationFn: () => api<{ id: string }>('/api/backups', { method: 'POST', body: {} }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['backups'] }),
  });
  const status = list.data?.status;
  return (
    <div className="page">
      <div className="page__head">
        <h1>{t('backup.title')}</h1>
        <button
          type="button"
          className="button button--primary"
          data-testid="backup-now"
          disabled={now.isPending || !status?.configured || status.running}
          onClick={() => now.mutate()}
        >
          {t('backup.now')}
        </button>
      </div>
      <div aria-live="polite">
        {now.isError && <ErrorNotice error={now.error} />}
        {now.isSuccess && <p className="notice notice--success">{t('backup.requested')}</p>}
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <BackupStatusNotice status={list.data.status} />
          {list.data.status.configured && (
            <p>
              {t('backup.schedule', {
                at: list.data.status.at,
                encrypted: list.data.status.encrypted ? t('backup.encrypted') : '',
              })}
            </p>
          )}
          <p className="muted small">{t('backup.docs')}</p>
          {list.data.runs.length === 0 ? (
            <Empty>{t('backup.empty')}</Empty>
          ) : (
            <TableWrap label={t('backup.title')}>
              <table className="table table--stack table--compact" data-testid="backup-runs">
                <thead>
                  <tr>
                    <th scope="col">{t('backup.started')}</th>
                    <th scope="col">{t('backup.trigger')}</th>
                    <th scope="col">{t('backup.status')}</th>
                    <th scope="col">{t('backup.kind')}</th>
                    <th scope="col">{t('backup.size')}</th>
                    <th scope="col">{t('backup.archive')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.runs.map((r) => (
                    <tr key={r.id}>
                      <td data-label={t('backup.started')} className="nowrap">
                        {formatInstant(r.startedAt, lang)}
                      </td>
                      <td data-label={t('backup.trigger')}>{t(`backup.trigger.${r.trigger}` as MessageKey)}</td>
                      <td data-label={t('backup.status')}>
                        {t(`backup.status.${r.status}` as MessageKey)}
                        {r.error && <span className="muted small"> — {r.error}</span>}
                      </td>
                      <td data-label={t('backup.kind')}>
                        {r.kind ? t(`backup.kind.${r.kind}` as MessageKey) : t('app.dash')}
                      </td>
                      <td data-label={t('backup.size')}>
                        {r.sizeBytes !== null ? formatSize(r.sizeBytes) : t('app.dash')}
                      </td>
                      <td data-label={t('backup.archive')}>{r.archive ? <code>{r.archive}</code> : t('app.dash')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
    </div>
  );
}
