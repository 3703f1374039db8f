/**
 * The public pages the server draws when asked, with their first data (web/src/prerender.tsx, DATA_PAGES): a
 * procedure's page shows its name and facts as soon as the HTML arrives, before any script, instead of after the
 * app, the page's code and the API's answer have arrived one after the other (on a slow phone, seconds).
 * The build writes the renderer (web/dist-ssr/prerender.js) and a template per page (web/dist/prerendered/templates/);
 * the data is the public API's own answer, read as an anonymous caller, and goes into the page beside the markup so
 * that the browser's first render starts from it. A page whose read fails, or that cannot be drawn, is left to the
 * browser as before: the caller gets null and sends the app's index.html.
 * The API is read on every request, so a page is never older than its data; what is drawn from the same data (the
 * markup and its compressed forms) is kept (DrawnPages): drawing and compressing were about half of a page's cost.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { App } from './platform/index.js';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

type Seed = [key: readonly unknown[], data: unknown];
interface Renderer {
  DATA_PAGE_SLOTS: { path: string; markup: string; data: string };
  dataPageFor(path: string): { name: string; reads: { key: readonly unknown[]; url: string }[] } | null;
  prerenderPage(path: string, seed: Seed[]): Promise<string>;
  dataPageTitle?(name: string, seed: Seed[]): string | undefined;
}

/** The template's title (the app's name) with the page's own before it, as usePageTitle writes it in the browser. */
function withTitle(html: string, title: string | undefined): string {
  if (!title) return html;
  return html.replace(/<title>([^<]*)<\/title>/, (_, app: string) => `<title>${escapeAttr(title)} · ${app}</title>`);
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** JSON inside a <script> element: nothing in it can close the element or start markup. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The drawer of the data pages, or null when the build wrote none (an app built before them, or no web build). The
 * renderer is imported at the first page asked for, not at start: most processes (tests, jobs) never draw one.
 */
export function dataPages(
  app: App,
  webDist: string,
  ssrDir: string,
): ((urlPath: string) => Promise<DrawnPage | null>) | null {
  const file = path.join(ssrDir, 'prerender.js');
  const templatesDir = path.join(webDist, 'prerendered', 'templates');
  if (!fs.existsSync(file) || !fs.existsSync(templatesDir)) return null;
  const templates = new Map(
    fs
      .readdirSync(templatesDir)
      .filter((f) => f.endsWith('.html'))
      .map((f) => [f.slice(0, -'.html'.length), fs.readFileSync(path.join(templatesDir, f), 'utf8')]),
  );
  let renderer: Promise<Renderer> | null = null;
  const drawn = new DrawnPages();
  return async (urlPath) => {
    renderer ??= import(pathToFileURL(file).href) as Promise<Renderer>;
    const r = await renderer;
    const page = r.dataPageFor(urlPath);
    const template = page && templates.get(page.name);
    if (!page || !template) return null;
    const seed: Seed[] = [];
    for (const read of page.reads) {
      const res = await app.inject({ method: 'GET', url: read.url, headers: { accept: 'application/json' } });
      if (res.statusCode !== 200) return null;
      seed.push([read.key, res.json()]);
    }
    const data = jsonForScript(seed);
    return drawn.get(urlPath, data, async () => {
      try {
        const markup = await r.prerenderPage(urlPath, seed);
        const slots = r.DATA_PAGE_SLOTS;
        return withTitle(template, r.dataPageTitle?.(page.name, seed))
          .replace(slots.path, () => escapeAttr(urlPath))
          .replace(slots.markup, () => markup)
          .replace(slots.data, () => `<script type="application/json" id="prerendered-data">${data}</script>`);
      } catch (err) {
        app.log.error({ err, path: urlPath }, 'web: a data page could not be drawn; the browser draws it');
        return null;
      }
    });
  };
}

/** A drawn page, and its compressed forms, each made once when first asked for. */
export class DrawnPage {
  private readonly encoded = new Map<'br' | 'gzip', Promise<Buffer>>();
  constructor(readonly html: string) {}

  /** The page as the browser accepts it (Accept-Encoding, weighed). */
  async encodedFor(
    acceptEncoding: string | undefined,
  ): Promise<{ body: Buffer | string; encoding: 'br' | 'gzip' | null }> {
    const encoding = chooseEncoding(acceptEncoding);
    if (!encoding) return { body: this.html, encoding };
    let body = this.encoded.get(encoding);
    if (!body) {
      this.encoded.set(encoding, (body = compress(this.html, encoding)));
      body.catch(() => this.encoded.delete(encoding));
    }
    return { body: await body, encoding };
  }
}

/**
 * Pages drawn, by path and the data they were drawn from (its SHA-256): the same data gives the same page, so a page
 * is drawn again only when its data changed. Bounded: the least recently used page goes first. A page that could not
 * be drawn is not kept.
 */
export class DrawnPages {
  private readonly pages = new Map<string, Promise<DrawnPage | null>>();
  constructor(private readonly max = 256) {}

  get(urlPath: string, data: string, draw: () => Promise<string | null>): Promise<DrawnPage | null> {
    const key = `${urlPath}\u0000${crypto.createHash('sha256').update(data).digest('base64')}`;
    let page = this.pages.get(key);
    if (page) {
      // Most recently used last: a Map keeps its insertion order.
      this.pages.delete(key);
      this.pages.set(key, page);
      return page;
    }
    page = draw().then((html) => (html === null ? null : new DrawnPage(html)));
    this.pages.set(key, page);
    void page.then(
      (p) => void (p === null && this.pages.delete(key)),
      () => void this.pages.delete(key),
    );
    if (this.pages.size > this.max) this.pages.delete(this.pages.keys().next().value!);
    return page;
  }

  get size(): number {
    return this.pages.size;
  }
}

/** The coding to send: brotli, else gzip, each if the header accepts it with a weight above 0 (RFC 9110 §12.5.3). */
function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [coding = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (coding) weights.set(coding, q ? Number(q.slice(2)) || 0 : 1);
  }
  const accepts = (e: string) => (weights.get(e) ?? 0) > 0;
  return accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : null;
}

/** Brotli at a fast level (a page is compressed when first asked for, while its reader waits), or gzip. */
const compress = (html: string, encoding: 'br' | 'gzip') =>
  encoding === 'br' ? brotli(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }) : gzip(html, { level: 6 });
