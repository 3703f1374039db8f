import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build, createServer, type Plugin, type Rollup } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
// Text formats only: images and fonts are compressed already.
const TEXT = /\.(js|mjs|css|html|svg|json|txt|webmanifest|map)$/i;
// Below this a compressed copy saves less than its framing costs (@fastify/static skips them too).
const MIN_BYTES = 1024;

/**
 * How the built app reaches a phone quickly, done once at build time after the bundle is written:
 * 1. the public pages named in src/prerender.tsx are drawn into HTML files of their own (dist/prerendered/*.html, the
 *    server sends each for its path), with the app's stylesheet inlined, so that the first screen shows as soon as the
 *    HTML arrives, before any script or stylesheet has been fetched; they preload the chunks they load next, and
 *    keep what is typed or sent before the app owns them (web/early-input.js).
 *    The pages whose first screen is their data (src/prerender.tsx, DATA_PAGES) get a template each
 *    (dist/prerendered/templates/) and the app's renderer as a module for Node (web/dist-ssr/), and the server draws
 *    them when asked;
 * 2. every text file gets a brotli (`.br`, best quality) and a gzip (`.gz`, level 9) copy beside it, which the server
 *    (@fastify/static's `preCompressed`) sends to the browsers that accept them, without compressing per request.
 * One plugin, because Vite runs the `closeBundle` hooks of different plugins in parallel and the copies must include
 * the prerendered pages.
 */
export function delivery(): Plugin {
  let root = '';
  let outDir = '';
  let chunks: Chunks = new Map();
  return {
    name: 'tinhso-delivery',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      chunks = new Map();
      for (const c of Object.values(bundle))
        if (c.type === 'chunk' && c.facadeModuleId) chunks.set(path.normalize(c.facadeModuleId), c);
    },
    async closeBundle() {
      await prerenderPages(root, outDir, chunks);
      await buildServerRenderer(root);
      await precompress(outDir);
    },
  };
}

/** The bundle's chunks by the module each was made for (its facade): a page's chunk by the page's file. */
type Chunks = Map<string, Rollup.OutputChunk>;

/**
 * The chunks a prerendered page needs beside the entry: what the template preloads, and the page's own lazily loaded
 * chunks with what they import, so that they arrive with the entry instead of once it has run.
 */
function preloads(root: string, modules: string[], chunks: Chunks, template: string): string[] {
  const byFile = new Map([...chunks.values()].map((c) => [c.fileName, c]));
  const files = new Set<string>();
  for (const m of template.matchAll(/<link rel="modulepreload" crossorigin href="\/([^"]+)">/g)) files.add(m[1]!);
  const add = (c: Rollup.OutputChunk | undefined) => {
    if (!c || files.has(c.fileName)) return;
    files.add(c.fileName);
    for (const f of c.imports) add(byFile.get(f) ?? ({ fileName: f, imports: [] as string[] } as Rollup.OutputChunk));
  };
  for (const m of modules) {
    const c = chunks.get(path.join(root, 'src', m));
    if (!c) throw new Error(`prerender: no chunk for src/${m} (web/src/prerender.tsx names it)`);
    add(c);
  }
  return [...files].map((f) => `/${f}`);
}

/** web/early-input.js under assets/, named for its content like the bundle's files: its URL. */
function writeKeeper(root: string, outDir: string): string {
  const code = fs.readFileSync(path.join(root, 'early-input.js'));
  const name = `assets/early-input-${crypto.createHash('sha256').update(code).digest('base64url').slice(0, 8)}.js`;
  fs.writeFileSync(path.join(outDir, name), code);
  return `/${name}`;
}

async function prerenderPages(root: string, outDir: string, chunks: Chunks) {
  const template = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
  // The entry's stylesheet, inlined: one request fewer before the first paint.
  const cssLink = /<link rel="stylesheet" crossorigin href="(\/assets\/[^"]+\.css)">/.exec(template);
  const css = cssLink ? fs.readFileSync(path.join(outDir, cssLink[1]!), 'utf8') : null;
  const entry = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"><\/script>/.exec(template);
  if (!entry) throw new Error('prerender: no module script in index.html');
  const keeper = writeKeeper(root, outDir);
  // The app's modules as Node loads them (Vite's SSR transform), only for the time of the drawing.
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'error',
    appType: 'custom',
    plugins: [react()],
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const mod = (await server.ssrLoadModule('/src/prerender.tsx')) as typeof import('./src/prerender.js');
    const page = (modules: string[], rootAttr: string, markup: string, after = '') => {
      const links = preloads(root, modules, chunks, template)
        .filter((f) => f !== entry[1] && !template.includes(`"${f}"`))
        .map((f) => `<link rel="modulepreload" crossorigin href="${f}">`);
      let html = template
        .replace('<div id="root"></div>', () => `<div id="root" data-prerendered="${rootAttr}">${markup}</div>${after}`)
        .replace(entry[0], () => `<script defer src="${keeper}"></script>\n    ${entry[0]}`)
        .replace('</head>', () => `  ${links.join('\n    ')}\n  </head>`);
      if (cssLink && css !== null) html = html.replace(cssLink[0], () => `<style>${css}</style>`);
      return html;
    };
    fs.mkdirSync(path.join(outDir, 'prerendered', 'templates'), { recursive: true });
    for (const [path_, modules] of Object.entries(mod.PRERENDERED_PAGES))
      fs.writeFileSync(
        path.join(outDir, 'prerendered', prerenderedFile(path_)),
        page(modules, path_, await mod.prerenderPage(path_)),
      );
    // The pages the server draws with their data: the same page, with places for the path, markup and data.
    for (const [name, p] of Object.entries(mod.DATA_PAGES))
      fs.writeFileSync(
        path.join(outDir, 'prerendered', 'templates', `${name}.html`),
        page(p.modules, mod.DATA_PAGE_SLOTS.path, mod.DATA_PAGE_SLOTS.markup, mod.DATA_PAGE_SLOTS.data),
      );
  } finally {
    await server.close();
  }
}

/**
 * src/prerender.tsx as one module Node can import (web/dist-ssr/prerender.js), for the server to draw the data pages
 * when asked. Libraries stay imports of node_modules.
 */
async function buildServerRenderer(root: string) {
  await build({
    configFile: false,
    root,
    logLevel: 'error',
    plugins: [react()],
    build: {
      ssr: 'src/prerender.tsx',
      outDir: path.join(root, 'dist-ssr'),
      emptyOutDir: true,
      copyPublicDir: false,
      rolldownOptions: { output: { entryFileNames: 'prerender.js' } },
    },
  });
}

/** The file (under dist/prerendered/) that holds the page at this path: `/` → index.html, `/lookup` → lookup.html. */
export function prerenderedFile(page: string): string {
  return page === '/' ? 'index.html' : `${page.slice(1).replaceAll('/', '~')}.html`;
}

async function precompress(outDir: string) {
  const files = fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => TEXT.test(f));
  await Promise.all(
    files.map(async (f) => {
      const file = path.join(outDir, f);
      const data = fs.readFileSync(file);
      if (data.length < MIN_BYTES) return;
      const [br, gz] = await Promise.all([
        brotli(data, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
        }),
        gzip(data, { level: 9 }),
      ]);
      fs.writeFileSync(`${file}.br`, br);
      fs.writeFileSync(`${file}.gz`, gz);
    }),
  );
}
