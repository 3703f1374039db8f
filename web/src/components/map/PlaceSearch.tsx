import { useId, useState } from 'react';
import type { FeatureCollection } from 'geojson';
import { useLang, useT } from '../../i18n/index.js';
import { searchAddress, searchUnits, type Place } from './basemap.js';

/**
 * "Find a place" above a map where a point is picked: a commune by its name (from the boundaries the map draws,
 * accents optional) and, when the province configured a geocoder (MAP_GEOCODER_URL), an address typed in.
 */
export function PlaceSearch({
  geo,
  geocoderUrl,
  onPlace,
}: {
  geo: FeatureCollection | undefined;
  geocoderUrl?: string;
  onPlace: (p: Place) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const id = useId();
  const [text, setText] = useState('');
  const [results, setResults] = useState<{ units: Place[]; addresses: Place[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  const onSubmit = async () => {
    const q = text.trim();
    if (q.length < 2) return;
    const units = searchUnits(geo, q);
    setFailed(false);
    setResults({ units, addresses: [] });
    if (!geocoderUrl) return;
    setBusy(true);
    try {
      setResults({ units, addresses: await searchAddress(geocoderUrl, q, lang) });
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  const choose = (p: Place) => {
    setResults(null);
    onPlace(p);
  };
  const all = results
    ? [
        ...results.units.map((p) => ({ p, kind: 'unit' as const })),
        ...results.addresses.map((p) => ({ p, kind: 'address' as const })),
      ]
    : [];

  return (
    <div className="placesearch">
      {/* Not a <form>: the map sits inside the report's form, and forms do not nest (Enter would send the report). */}
      <div className="placesearch__form" role="search">
        <label htmlFor={`${id}-q`} className="visually-hidden">
          {geocoderUrl ? t('map.search.labelAddress') : t('map.search.label')}
        </label>
        <input
          id={`${id}-q`}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            void onSubmit();
          }}
          placeholder={geocoderUrl ? t('map.search.placeholderAddress') : t('map.search.placeholder')}
          data-testid="map-search"
        />
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={busy}
          onClick={() => void onSubmit()}
          data-testid="map-search-submit"
        >
          {t('map.search.submit')}
        </button>
      </div>
      <div aria-live="polite">
        {busy && <p className="small muted">{t('app.loading')}</p>}
        {failed && <p className="small">{t('map.search.failed')}</p>}
        {results && !busy && all.length === 0 && <p className="small muted">{t('map.search.none')}</p>}
        {all.length > 0 && (
          <ul className="placesearch__results" data-testid="map-search-results">
            {all.map(({ p, kind }, i) => (
              <li key={`${kind}-${i}`}>
                <button type="button" className="linkbutton" onClick={() => choose(p)}>
                  <span className="small muted">
                    {kind === 'unit' ? t('map.search.commune') : t('map.search.address')}:{' '}
                  </span>
                  {p.label}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
