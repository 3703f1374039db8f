// Vite's `?url` import of MapLibre's worker, named for the server-side type check too (which does not read vite/client).
declare module 'maplibre-gl/dist/maplibre-gl-worker.mjs?url' {
  const url: string;
  export default url;
}
