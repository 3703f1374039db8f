import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { ComingSoon, Loading } from '../components/States.js';
import { usePageTitle, useT } from '../i18n/index.js';

/** Open311 GeoReport v2 service (category) list. */
interface Open311Service {
  service_code: string;
  service_name: string;
  description?: string;
  group?: string;
}

export default function ReportsPage() {
  const t = useT();
  usePageTitle(t('portal.reports.title'));
  const services = useQuery({
    queryKey: ['open311', 'services'],
    queryFn: ({ signal }) => api<Open311Service[]>('/open311/v2/services.json', { signal }),
    retry: false,
    meta: { quiet: true },
  });
  return (
    <div className="page page--narrow">
      <h1>{t('portal.reports.title')}</h1>
      <p>{t('portal.reports.intro')}</p>
      <section className="card" aria-labelledby="categories-heading">
        <h2 id="categories-heading">{t('portal.reports.categories')}</h2>
        {services.isPending ? (
          <Loading />
        ) : services.isError || !Array.isArray(services.data) || services.data.length === 0 ? (
          // Until field reports are served, any failure here means "not yet".
          <ComingSoon>{t('portal.reports.coming')}</ComingSoon>
        ) : (
          <ul className="list">
            {services.data.map((s) => (
              <li key={s.service_code} className="list__item">
                <span className="list__title">{s.service_name}</span>
                {s.description && <span className="muted small">{s.description}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
