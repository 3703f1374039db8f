import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { FeatureCollection } from 'geojson';
import { api } from '../../api/client.js';
import { feedbackKeys, STATUS_COLOURS } from '../../api/feedback.js';
import { useT } from '../../i18n/index.js';
import { textContent } from './text-content.js';
import { addBaseLayer, addUnitLabels, useBasemap, VIETNAM } from './basemap.js';
import { PlaceSearch } from './PlaceSearch.js';
import { LEGEND_STATUSES, StatusLegend } from './StatusLegend.js';

export { StatusLegend };

export interface MapPoint {
  lat: number;
  lng: number;
}

export interface MapMarker extends MapPoint {
  id: string;
  status: string;
  /** Shown on hover and read by screen readers' tooltips. */
  label: string;
}

export interface Bounds {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

interface Props {
  markers?: MapMarker[];
  selectedId?: string | null;
  onSelect?: (id: string) => void;
  /** Pick mode: a tap or click sets the point; "use my location" and "use the map centre" set it too. */
  pick?: { value: MapPoint | null; onPick: (p: MapPoint) => void };
  onBoundsChange?: (b: Bounds) => void;
  /** Open close in on this point (one report's page) instead of the whole province. */
  focus?: MapPoint;
  height?: number | string;
  label: string;
  testId?: string;
}

/** The province's unit boundaries: the base layer, since no tile server is reachable. */
export function useUnitsGeo() {
  return useQuery({
    queryKey: feedbackKeys.geo,
    queryFn: ({ signal }) => api<FeatureCollection>('/api/geo/units.geojson', { signal }),
    staleTime: Infinity,
  });
}

const UNIT_STYLE: L.PathOptions = {
  color: '#0b4f8a',
  weight: 1,
  opacity: 0.6,
  fillColor: '#cfe0ef',
  fillOpacity: 0.35,
};
const UNIT_HOVER: L.PathOptions = { weight: 2, fillOpacity: 0.55 };

/** A divIcon pin drawn in CSS: no image, so none of Leaflet's default-icon path problems under a bundler. */
const PICK_ICON = L.divIcon({
  className: 'mappin',
  html: '<span class="mappin__dot"></span>',
  iconSize: [28, 28],
  iconAnchor: [14, 28],
});

/**
 * A Leaflet map over the shipped administrative boundaries (light fill, names on hover or tap), fitted
 * to the province, with reports as circle markers coloured by status and an optional pick-a-point mode.
 */
export function ReportMap({
  markers,
  selectedId,
  onSelect,
  pick,
  onBoundsChange,
  focus,
  height = 360,
  label,
  testId = 'report-map',
}: Props) {
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const markerLayer = useRef<L.LayerGroup | null>(null);
  const pickMarker = useRef<L.Marker | null>(null);
  const geo = useUnitsGeo();
  const basemap = useBasemap();
  // Once the view was set on purpose (the user's position, a place searched), loading boundaries does not move it.
  const viewSet = useRef(false);
  const [geoError, setGeoError] = useState<string | null>(null);
  // The boundaries are drawn and the first view is set: only then does a tap pick the point the user sees.
  const [viewReady, setViewReady] = useState(false);
  const [locating, setLocating] = useState(false);
  // Callbacks change on every render; the map's handlers read the latest through refs.
  const latest = useRef({ onSelect, pick, onBoundsChange });
  latest.current = { onSelect, pick, onBoundsChange };
  const focusRef = useRef(focus);
  focusRef.current = focus;

  // The map itself: made once.
  useEffect(() => {
    if (!el.current) return;
    const map = L.map(el.current, { attributionControl: false, zoomSnap: 0.5, minZoom: 5, maxZoom: 19 });
    const f = focusRef.current;
    if (f) map.setView([f.lat, f.lng], FOCUS_ZOOM);
    else map.fitBounds(VIETNAM);
    L.control.scale({ imperial: false }).addTo(map);
    markerLayer.current = L.layerGroup().addTo(map);
    const bounds = () => {
      const b = map.getBounds();
      latest.current.onBoundsChange?.({
        minLng: b.getWest(),
        minLat: b.getSouth(),
        maxLng: b.getEast(),
        maxLat: b.getNorth(),
      });
    };
    map.on('moveend', bounds);
    map.on('click', (e: L.LeafletMouseEvent) =>
      latest.current.pick?.onPick({ lat: round(e.latlng.lat), lng: round(e.latlng.lng) }),
    );
    mapRef.current = map;
    const ro = new ResizeObserver(() => map.invalidateSize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      map.remove();
      mapRef.current = null;
      markerLayer.current = null;
      pickMarker.current = null;
    };
  }, []);

  // The base map, once its configuration is known: tiles if configured; else the communes' names over the boundaries.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !basemap.isSuccess) return;
    const c = basemap.data.centre;
    if (c && !focusRef.current && !viewSet.current && !geo.data?.features.length) map.setView([c.lat, c.lng], c.zoom);
    const tiles = addBaseLayer(map, basemap.data);
    return () => void tiles?.remove();
  }, [basemap.isSuccess, basemap.data, geo.data]);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !basemap.isFetched || basemap.data?.tiles || !geo.data) return;
    const labels = addUnitLabels(map, geo.data);
    return () => void labels.remove();
  }, [basemap.isFetched, basemap.data, geo.data]);

  // Picking a point on a phone: the map opens at street level around the user when the browser may tell where
  // (already allowed, or asked once on a phone, where standing at the place is the usual case); else at the province.
  const picking = Boolean(pick);
  useEffect(() => {
    if (!picking || focusRef.current || !('geolocation' in navigator)) return;
    let cancelled = false;
    const phone = window.matchMedia('(max-width: 640px), (pointer: coarse)').matches;
    const locate = () =>
      navigator.geolocation.getCurrentPosition(
        (pos) => {
          const map = mapRef.current;
          if (cancelled || !map || viewSet.current) return;
          viewSet.current = true;
          map.setView([pos.coords.latitude, pos.coords.longitude], STREET_ZOOM);
        },
        () => undefined,
        { enableHighAccuracy: true, timeout: 15_000, maximumAge: 120_000 },
      );
    if (!navigator.permissions?.query) {
      if (phone) locate();
    } else {
      void navigator.permissions
        .query({ name: 'geolocation' })
        .then((st) => !cancelled && (st.state === 'granted' || (st.state === 'prompt' && phone)) && locate())
        .catch(() => undefined);
    }
    return () => {
      cancelled = true;
    };
  }, [picking]);

  // Unit boundaries, once loaded.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !geo.data) return;
    try {
      const layer = L.geoJSON(geo.data, {
        style: () => UNIT_STYLE,
        onEachFeature: (f, lyr) => {
          const name = String((f.properties as { name?: string } | null)?.name ?? '');
          if (!name) return;
          lyr.bindTooltip(textContent(name), { sticky: true, className: 'maptip' });
          lyr.on('mouseover', () => (lyr as L.Path).setStyle(UNIT_HOVER));
          lyr.on('mouseout', () => (lyr as L.Path).setStyle(UNIT_STYLE));
          // A tap shows the name too (there is no hover on a phone), unless the tap is picking a point.
          lyr.on('click', (e: L.LeafletMouseEvent) => {
            if (!latest.current.pick) lyr.openTooltip(e.latlng);
          });
        },
      });
      layer.addTo(map);
      layer.bringToBack();
      const b = layer.getBounds();
      if (b.isValid()) {
        const f = focusRef.current;
        // Not animated: the first view is where the map opens, not a movement the user asked for.
        if (f) map.setView([f.lat, f.lng], FOCUS_ZOOM, { animate: false });
        else if (!viewSet.current) map.fitBounds(b, { padding: [8, 8], animate: false });
        map.setMaxBounds(b.pad(0.5));
      }
      setViewReady(true);
      setGeoError(null);
      return () => {
        layer.remove();
      };
    } catch {
      setGeoError(t('map.geoError'));
    }
  }, [geo.data, t]);

  // Report markers.
  useEffect(() => {
    const group = markerLayer.current;
    if (!group) return;
    group.clearLayers();
    for (const m of markers ?? []) {
      const selected = m.id === selectedId;
      const colour = STATUS_COLOURS[m.status] ?? '#0b4f8a';
      const c = L.circleMarker([m.lat, m.lng], {
        radius: selected ? 11 : 7,
        color: selected ? '#1b2430' : '#ffffff',
        weight: selected ? 3 : 2,
        fillColor: colour,
        fillOpacity: 0.9,
        // A tap on a report selects it; it does not also pick a point or open the unit's name.
        bubblingMouseEvents: false,
        className: `mapreport mapreport--${m.status}`,
      });
      // The status in words too: on the map, colour is not the only sign of it.
      const status = LEGEND_STATUSES.includes(m.status as (typeof LEGEND_STATUSES)[number])
        ? t(`feedback.status.${m.status as (typeof LEGEND_STATUSES)[number]}`)
        : m.status;
      // As a text node, never as markup: a category's name is an administrator's text.
      c.bindTooltip(textContent(`${m.label} — ${status}`), { direction: 'top' });
      c.on('click', () => latest.current.onSelect?.(m.id));
      c.addTo(group);
      if (selected) c.bringToFront();
    }
  }, [markers, selectedId, t]);

  // The selected report comes into view when it is chosen from the list.
  useEffect(() => {
    const map = mapRef.current;
    const m = markers?.find((x) => x.id === selectedId);
    if (map && m && !map.getBounds().contains([m.lat, m.lng])) map.panTo([m.lat, m.lng]);
  }, [selectedId, markers]);

  // The picked point.
  const picked = pick?.value ?? null;
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (!picked) {
      pickMarker.current?.remove();
      pickMarker.current = null;
      return;
    }
    if (!pickMarker.current)
      pickMarker.current = L.marker([picked.lat, picked.lng], {
        icon: PICK_ICON,
        keyboard: false,
        interactive: false,
      }).addTo(map);
    else pickMarker.current.setLatLng([picked.lat, picked.lng]);
    if (!map.getBounds().contains([picked.lat, picked.lng])) map.panTo([picked.lat, picked.lng]);
  }, [picked]);

  const useMyLocation = () => {
    if (!('geolocation' in navigator)) {
      setGeoError(t('map.noGeolocation'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setGeoError(null);
        const p = { lat: round(pos.coords.latitude), lng: round(pos.coords.longitude) };
        latest.current.pick?.onPick(p);
        viewSet.current = true;
        mapRef.current?.setView([p.lat, p.lng], Math.max(mapRef.current.getZoom(), STREET_ZOOM));
      },
      () => {
        setLocating(false);
        setGeoError(t('map.locateFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  const useCentre = () => {
    const c = mapRef.current?.getCenter();
    if (c) latest.current.pick?.onPick({ lat: round(c.lat), lng: round(c.lng) });
  };

  return (
    <div className="mapwrap">
      <div
        ref={el}
        className={pick ? 'map map--pick' : 'map'}
        style={{ height }}
        role="region"
        aria-label={label}
        data-testid={testId}
        data-ready={geo.data && viewReady ? 'true' : 'false'}
      />
      {pick && (
        <PlaceSearch
          geo={geo.data}
          geocoderUrl={basemap.data?.geocoder?.url}
          onPlace={(place) => {
            const map = mapRef.current;
            if (!map) return;
            viewSet.current = true;
            if (place.bounds) map.fitBounds(place.bounds);
            else {
              map.setView([place.lat, place.lng], STREET_ZOOM);
              // An address is a point: it is the report's place unless the user moves it.
              latest.current.pick?.onPick({ lat: round(place.lat), lng: round(place.lng) });
            }
          }}
        />
      )}
      {pick && (
        <div className="map__tools">
          <button
            type="button"
            className="button button--small button--secondary"
            onClick={useMyLocation}
            disabled={locating}
            data-testid="map-locate"
          >
            {locating ? t('map.locating') : t('map.useMyLocation')}
          </button>
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={useCentre}
            data-testid="map-centre"
          >
            {t('map.useCentre')}
          </button>
          <span className="small muted" aria-live="polite" data-testid="map-picked">
            {picked ? t('map.picked', { lat: picked.lat.toFixed(5), lng: picked.lng.toFixed(5) }) : t('map.pickHint')}
          </span>
        </div>
      )}
      {geo.isError && (
        <p className="map__note" role="alert">
          {t('map.geoError')}
        </p>
      )}
      {geoError && (
        <p className="map__note" role="alert">
          {geoError}
        </p>
      )}
      {!pick && markers && <StatusLegend />}
      {!basemap.data?.tiles && <p className="map__note">{t('map.note')}</p>}
    </div>
  );
}

const FOCUS_ZOOM = 13;
const STREET_ZOOM = 17;
const round = (x: number) => Math.round(x * 1e6) / 1e6;
