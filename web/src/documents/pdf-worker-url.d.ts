// The pdf.js worker as an asset URL (Vite's `?url`), declared here so the root typecheck, which lacks Vite's client types, knows it.
declare module 'pdfjs-dist/build/pdf.worker.min.mjs?url' {
  const url: string;
  export default url;
}
