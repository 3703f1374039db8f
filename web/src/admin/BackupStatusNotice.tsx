import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { formatInstant } from '../components/format.js';
import { useLang, useT, type MessageKey } from '../i18n/index.js';

export interface BackupStatus {
  state: 'ok' | 'overdue' | 'failed' | 'not-configured' | 'never';
  configured: boolean;
  encrypted: boolean;
  at: string;
  lastSuccess: { at: string; archive: string; sizeBytes: number } | null;
  lastFailure: { at: string; error: string } | null;
  running: boolean;
}

export const formatSize = (bytes: number) =>
  bytes >= 1 << 30
    ? `${(bytes / (1 << 30)).toFixed(1)} GiB`
    : bytes >= 1 << 20
      ? `${(bytes / (1 << 20)).toFixed(1)} MiB`
      : `${Math.max(1, Math.round(bytes / 1024))} KiB`;

/**
 * Whether the province's backups are current, as a notice: a warning (with its reason in words, not by colour alone)
 * when they are overdue, failed or not configured. `quietWhenOk` shows nothing when all is well (the operations centre).
 */
export function BackupStatusNotice({ status, quietWhenOk = false }: { status: BackupStatus; quietWhenOk?: boolean }) {
  const t = useT();
  const { lang } = useLang();
  if (status.state === 'ok' && quietWhenOk) return null;
  const ok = status.state === 'ok';
  return (
    <div
      className={`notice ${ok ? 'notice--success' : 'notice--warning'}`}
      role={ok ? 'status' : 'alert'}
      data-testid="backup-status"
      data-state={status.state}
    >
      <p>
        <strong>{t(`backup.state.${status.state}` as MessageKey)}</strong>
      </p>
      {status.lastSuccess && (
        <p>
          {t('backup.last', {
            at: formatInstant(status.lastSuccess.at, lang),
            archive: status.lastSuccess.archive,
            size: formatSize(status.lastSuccess.sizeBytes),
          })}
        </p>
      )}
      {status.state === 'failed' && status.lastFailure && <p className="small">{status.lastFailure.error}</p>}
    </div>
  );
}

/** The operations centre's warning: shown only to who may read the status, and only when something is wrong. */
export function BackupWarning() {
  const status = useQuery({
    queryKey: ['backups', 'status'],
    queryFn: ({ signal }) => api<BackupStatus>('/api/backups/status', { signal }),
    retry: false,
    staleTime: 60_000,
    meta: { quiet: true },
  });
  return status.data ? <BackupStatusNotice status={status.data} quietWhenOk /> : null;
}
