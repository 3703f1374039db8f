import { lazy, Suspense, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatInstant, formatNumber } from '../components/format.js';
import { Loading } from '../components/States.js';
import { usePageTitle, useLang, useT } from '../i18n/index.js';
import { ckan, extra, opendataKeys, type CkanPackage, type CkanResource } from './api.js';
import { DataPreview } from './DataPreview.js';

// Leaflet loads only for a dataset that has a map to draw.
const GeoJsonMap = lazy(() => import('./GeoJsonMap.js').then((m) => ({ default: m.GeoJsonMap })));

const size = (n: number | null, lang: 'vi' | 'en') =>
  n === null ? '—' : n < 1024 ? `${formatNumber(n, lang)} B` : `${formatNumber(Math.round(n / 102.4) / 10, lang)} KB`;

/** The calls to copy: what a developer runs to get this dataset and its table. */
function ApiExamples({ p, table }: { p: CkanPackage; table: CkanResource | undefined }) {
  const t = useT();
  const origin = window.location.origin;
  const curl = [
    `curl '${origin}/api/3/action/package_show?id=${p.name}'`,
    ...(table ? [`curl '${origin}/api/3/action/datastore_search?resource_id=${table.id}&limit=5'`] : []),
  ].join('\n');
  const py = [
    'from ckanapi import RemoteCKAN',
    `portal = RemoteCKAN('${origin}')`,
    `dataset = portal.action.package_show(id='${p.name}')`,
    ...(table ? [`rows = portal.action.datastore_search(resource_id='${table.id}', limit=5)`] : []),
  ].join('\n');
  return (
    <section className="card" data-testid="opendata-api">
      <h2>{t('od.api.title')}</h2>
      <h3>curl</h3>
      <pre>
        <code>{curl}</code>
      </pre>
      <h3>ckanapi (Python)</h3>
      <pre>
        <code>{py}</code>
      </pre>
      <p className="muted">
        DCAT-AP: <a href={`/dataset/${p.name}.ttl`}>Turtle</a> · <a href={`/dataset/${p.name}.jsonld`}>JSON-LD</a> ·{' '}
        <a href={`/dataset/${p.name}.rdf`}>RDF/XML</a>
      </p>
    </section>
  );
}

export default function DatasetPage() {
  const { name = '' } = useParams();
  const t = useT();
  const { lang } = useLang();
  const q = useQuery({
    queryKey: opendataKeys.dataset(name),
    queryFn: ({ signal }) => ckan<CkanPackage>('package_show', { id: name }, signal),
  });
  const p = q.data;
  usePageTitle(p ? p.title : t('od.search.title'));
  const [previewId, setPreviewId] = useState<string | null>(null);

  if (q.isPending) return <Loading />;
  if (q.isError || !p)
    return (
      <div className="page page--narrow">
        <ErrorNotice error={q.error} onRetry={() => void q.refetch()} />
        <Link to="/opendata">← {t('od.back')}</Link>
      </div>
    );
  const tables = p.resources.filter((r) => r.datastore_active);
  const preview = tables.find((r) => r.id === previewId) ?? tables[0];
  const geo = p.resources.find((r) => r.format.toLowerCase() === 'geojson' && r.url_type === 'upload');
  const title = lang === 'en' ? extra(p, 'title_en') || p.title : p.title;
  const notes = lang === 'en' ? extra(p, 'notes_en') || p.notes : p.notes;
  return (
    <div className="page" data-testid="opendata-dataset">
      <p>
        <Link to="/opendata">← {t('od.back')}</Link>
      </p>
      <h1>{title}</h1>
      <p>{notes}</p>
      <dl className="facts">
        <dt>{t('od.facet.organization')}</dt>
        <dd>{p.organization.title}</dd>
        <dt>{t('od.facet.license_id')}</dt>
        <dd>{p.license_url ? <a href={p.license_url}>{p.license_title}</a> : (p.license_title ?? '—')}</dd>
        <dt>{t('od.frequency')}</dt>
        <dd>{t(`od.frequency.${extra(p, 'frequency') || 'irregular'}` as 'od.frequency.irregular')}</dd>
        <dt>{t('od.temporal')}</dt>
        <dd>{[extra(p, 'temporal_start'), extra(p, 'temporal_end')].filter(Boolean).join(' – ') || '—'}</dd>
        <dt>{t('od.spatial')}</dt>
        <dd>{extra(p, 'spatial_units') || '—'}</dd>
        <dt>{t('od.modified')}</dt>
        <dd>{formatInstant(`${p.metadata_modified}Z`, lang)}</dd>
        <dt>{t('od.facet.tags')}</dt>
        <dd>
          {p.tags.map((tag) => (
            <span key={tag.name} className="badge">
              {tag.name}
            </span>
          ))}
        </dd>
        <dt>{t('od.facet.groups')}</dt>
        <dd>{p.groups.map((g) => g.title).join(', ') || '—'}</dd>
      </dl>

      <h2>{t('od.resources')}</h2>
      <ul className="list" data-testid="opendata-resources">
        {p.resources.map((r) => (
          <li key={r.id} className="list__item">
            <a
              className="list__title"
              href={r.url_type === 'upload' ? `/api/opendata/resources/${r.id}/download` : r.url}
            >
              {r.name}
            </a>{' '}
            <span className="badge">{r.format}</span>
            <div className="muted">
              {r.description} · {size(r.size, lang)} · {t('od.version', { n: String(r.version ?? '—') })} ·{' '}
              {t('od.downloads', { n: formatNumber(r.downloads, lang) })}
              {r.hash && (
                <>
                  {' '}
                  · <code title={r.hash}>{r.hash.slice(0, 19)}…</code>
                </>
              )}
            </div>
            {r.datastore_active && tables.length > 1 && (
              <button
                type="button"
                className="button"
                onClick={() => setPreviewId(r.id)}
                aria-pressed={preview?.id === r.id}
              >
                {t('od.preview.show')}
              </button>
            )}
          </li>
        ))}
      </ul>

      {preview && (
        <section>
          <h2>{t('od.preview.title', { name: preview.name })}</h2>
          <DataPreview key={preview.id} resource={preview} />
        </section>
      )}
      {geo && (
        <section>
          <h2>{t('od.map')}</h2>
          <Suspense fallback={<Loading />}>
            <GeoJsonMap resource={geo} label={t('od.map.label', { name: geo.name })} />
          </Suspense>
        </section>
      )}
      <ApiExamples p={p} table={preview} />
    </div>
  );
}
