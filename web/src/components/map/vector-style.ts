/**
 * A MapLibre vector style drawn under a Leaflet map (MAP_STYLE_URL), through @maplibre/maplibre-gl-leaflet. Loaded
 * only by a dynamic import from basemap.ts, so that pages whose province configured no style never fetch MapLibre.
 */
import * as L from 'leaflet';
import { MaplibreGL } from '@maplibre/maplibre-gl-leaflet';
import { setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre 6 starts its worker from a module beside its own file, which a bundle does not have: the worker is shipped
// as an asset of this site and named here. Being a script of this site, it needs no blob: in the Content Security
// Policy (earlier MapLibre versions built their worker from a blob: URL).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(new URL(workerUrl, document.baseURI).href);

type GLLayer = L.MaplibreGL & { _failed?: boolean; _container?: HTMLElement };

/**
 * MapLibre throws when it cannot get a WebGL 2 context (basemap.ts checked, but a browser may still refuse one): the
 * layer then takes itself off the map, which keeps its boundaries, instead of breaking the page.
 */
const SafeMaplibreGL = MaplibreGL.extend({
  onAdd(this: GLLayer, map: L.Map) {
    try {
      MaplibreGL.prototype.onAdd.call(this, map);
    } catch (err) {
      console.warn('base map style not drawn: MapLibre got no WebGL context', err);
      this._failed = true;
      this._container?.remove();
      map.removeLayer(this);
    }
    return this;
  },
  onRemove(this: GLLayer, map: L.Map) {
    if (!this._failed) MaplibreGL.prototype.onRemove.call(this, map);
    return this;
  },
}) as unknown as typeof MaplibreGL;

/**
 * The style as a Leaflet layer in the tile pane, under the data. The configured credit line is shown in Leaflet's
 * attribution control; when none is configured, the bridge shows the credits the style's sources carry.
 */
export function vectorStyleLayer(url: string, attribution: string): L.Layer {
  return new SafeMaplibreGL({
    style: url,
    ...(attribution ? { attributionControl: { customAttribution: attribution } } : {}),
  } as L.LeafletMaplibreGLOptions);
}
