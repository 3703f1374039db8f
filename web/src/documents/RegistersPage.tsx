import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Empty, ListSkeleton } from '../components/States.js';
import { TableWrap } from '../components/TableWrap.js';
import { usePageTitle, useT } from '../i18n/index.js';
import type { Register } from './api.js';

interface Line {
  number: number;
  documentId: string | null;
  numberSymbol: string | null;
  summary: string | null;
  status: string | null;
  date: string | null;
  senderOrRecipients: string | null;
  reason: string | null;
}

/** The registers (sổ văn bản đến, đi) of the caller's agencies, and the lines of the one chosen. */
export default function RegistersPage() {
  const t = useT();
  usePageTitle(t('doc.registers.title'));
  const regs = useQuery({
    queryKey: ['documents', 'registers'],
    queryFn: ({ signal }) => api<Register[]>('/api/documents/registers', { signal }),
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const lines = useQuery({
    enabled: !!chosen,
    queryKey: ['documents', 'register-lines', chosen],
    queryFn: ({ signal }) => api<{ lines: Line[] }>(`/api/documents/registers/${chosen}/lines`, { signal }),
  });
  return (
    <div className="page" data-testid="doc-registers">
      <h1>{t('doc.registers.title')}</h1>
      {regs.isPending ? (
        <ListSkeleton rows={4} />
      ) : regs.isError ? (
        <ErrorNotice error={regs.error} onRetry={() => void regs.refetch()} />
      ) : !regs.data.length ? (
        <Empty>{t('doc.registers.none')}</Empty>
      ) : (
        <ul className="cards" data-testid="doc-register-list">
          {regs.data.map((r) => (
            <li key={r.id}>
              <button type="button" aria-pressed={chosen === r.id} onClick={() => setChosen(r.id)}>
                {r.agencyName} — {r.name} ({t('doc.registers.last', { n: r.lastNumber })}
                {r.reserved ? `, ${t('doc.registers.reserved', { n: r.reserved })}` : ''})
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen && lines.data && (
        <TableWrap label={t('doc.registers.lines')}>
          <table className="table" data-testid="doc-register-lines">
            <thead>
              <tr>
                <th scope="col">{t('doc.col.number')}</th>
                <th scope="col">{t('doc.col.date')}</th>
                <th scope="col">{t('doc.col.summary')}</th>
                <th scope="col">{t('doc.col.from')}</th>
                <th scope="col">{t('doc.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.data.lines.map((l) => (
                <tr key={l.number}>
                  <td>{l.numberSymbol ?? String(l.number).padStart(2, '0')}</td>
                  <td>{l.date ?? '—'}</td>
                  <td>
                    {l.documentId ? (
                      <Link to={`/workspace/documents/${l.documentId}`}>{l.summary}</Link>
                    ) : (
                      `${t('doc.registers.reservedLine')}: ${l.reason ?? ''}`
                    )}
                  </td>
                  <td>{l.senderOrRecipients ?? '—'}</td>
                  <td>{l.status ? t(`doc.status.${l.status}` as 'doc.status.draft') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
