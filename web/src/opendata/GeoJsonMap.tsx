import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { FeatureCollection } from 'geojson';
import { api } from '../api/client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Loading } from '../components/States.js';
import { textContent } from '../components/map/text-content.js';
import { opendataKeys, type CkanResource } from './api.js';
import { addBaseLayer, useBasemap } from '../components/map/basemap.js';

const STYLE: L.PathOptions = { color: '#0b4f8a', weight: 1, opacity: 0.7, fillColor: '#cfe0ef', fillOpacity: 0.4 };

/** A GeoJSON resource drawn on a Leaflet map, over the configured base map if any, each feature named on hover. */
export function GeoJsonMap({ resource, label }: { resource: CkanResource; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  // The preview reads the stored bytes without counting a download.
  const geo = useQuery({
    queryKey: opendataKeys.geojson(resource.id),
    queryFn: ({ signal }) =>
      api<FeatureCollection>(`/api/opendata/resources/${resource.id}/download`, { query: { preview: true }, signal }),
    staleTime: Infinity,
  });
  const basemap = useBasemap();

  useEffect(() => {
    if (!el.current || !geo.data || basemap.isPending) return;
    const map = L.map(el.current, { attributionControl: false });
    addBaseLayer(map, basemap.data);
    const layer = L.geoJSON(geo.data, {
      style: () => STYLE,
      onEachFeature: (f, l) => {
        const name = (f.properties as { name?: unknown } | null)?.name;
        if (typeof name === 'string') l.bindTooltip(textContent(name), { sticky: true });
      },
    }).addTo(map);
    const b = layer.getBounds();
    if (b.isValid()) map.fitBounds(b);
    return () => void map.remove();
  }, [geo.data, basemap.isPending, basemap.data]);

  if (geo.isPending) return <Loading />;
  if (geo.isError) return <ErrorNotice error={geo.error} onRetry={() => void geo.refetch()} />;
  return (
    <div ref={el} className="map" style={{ height: 360 }} role="region" aria-label={label} data-testid="opendata-map" />
  );
}
