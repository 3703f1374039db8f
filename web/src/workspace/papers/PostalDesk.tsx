/** The desk's side of the postal service: the result handed to the carrier with its tracking code, and its status. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { dossierKeys, type DossierDetail } from '../../api/dossiers.js';
import { papersKeys, type Shipment } from '../../api/papers.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useT } from '../../i18n/index.js';
import { ShipmentList } from '../../portal/papers/PostalReturn.js';

export function PostalDesk({ d }: { d: DossierDetail }) {
  const t = useT();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: papersKeys.postal(d.id),
    queryFn: ({ signal }) => api<{ items: Shipment[] }>(`/api/dossiers/${d.id}/postal`, { signal }),
  });
  const handover = useMutation({
    mutationFn: () => api<Shipment>(`/api/dossiers/${d.id}/postal-return/handover`, { method: 'POST', body: {} }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: papersKeys.postal(d.id) });
      void qc.invalidateQueries({ queryKey: dossierKeys.one(d.id) });
    },
  });
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  const waiting = items.find((s) => s.direction === 'return' && s.status === 'requested');
  return (
    <section className="card" aria-labelledby="postal-desk-heading" data-testid="postal-desk">
      <h2 id="postal-desk-heading">{t('postal.title')}</h2>
      <ShipmentList items={items} />
      {waiting && d.status === 'result_ready' && (
        <button
          type="button"
          className="button button--primary"
          disabled={handover.isPending}
          onClick={() => handover.mutate()}
          data-testid="postal-handover"
        >
          {t('postal.handover')}
        </button>
      )}
      {handover.isError && <ErrorNotice error={handover.error} />}
    </section>
  );
}
