/**
 * The design's module rule, checked: a module (`src/<module>/`) keeps everything but its `index.ts` private, so
 * another module imports only that file. The platform has three more public entries, `pki/`, `timestamp/` and `pdf/`
 * (each its `index.ts`): they load the CMS, X.509 and PDF libraries (about half a second), which the platform's index,
 * imported by every script, must not. Two exceptions, both by necessity rather than convenience:
 *  - a module's Drizzle tables (`schema.ts`) may name another module's tables (`schema.js`) for their foreign keys;
 *  - test code (tests, `test-fixtures.ts`, `test-story.ts`, `platform/testing/`) may use another module's test
 *    fixtures, and read its tables (`schema.js`) to check what was written.
 * The composition roots (`main.ts`, `seed.ts`, `cli/`, `demo/`) assemble the modules and are not modules themselves;
 * no module may import them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const MODULES = new Set([
  'platform',
  'directory',
  'procedures',
  'feedback',
  'documents',
  'gateway',
  'reporting',
  'opendata',
  'inventory',
]);
/** Public entries besides `index.js`, per module. */
const ENTRIES: Record<string, string[]> = { platform: ['pki/index.js', 'timestamp/index.js', 'pdf/index.js'] };
const ROOTS = new Set(['cli', 'demo', 'main.ts', 'seed.ts', 'main.js', 'seed.js']);

const walk = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

const isTestCode = (rel: string) =>
  /\.test\.tsx?$/.test(rel) || /(^|\/)test-(fixtures|story)\.ts$/.test(rel) || rel.startsWith('platform/testing/');

/** Every relative module specifier of a file: static imports and re-exports, and dynamic imports. */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) out.push(m[1]!);
  return out;
}

/** The imports of `rel` (a path under src/) that break the rule, as "file -> target". */
export function violations(rel: string, source: string): string[] {
  const [mod] = rel.split('/');
  if (!mod || !MODULES.has(mod)) return [];
  const bad: string[] = [];
  for (const spec of specifiers(source)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec));
    const [tmod, ...rest] = target.split('/');
    if (!tmod || tmod === mod) continue;
    if (ROOTS.has(tmod) && !isTestCode(rel)) {
      bad.push(`${rel} -> ${target} (a module does not import the composition roots)`);
      continue;
    }
    if (!MODULES.has(tmod)) continue;
    const inner = rest.join('/');
    if (inner === 'index.js' || ENTRIES[tmod]?.includes(inner)) continue;
    if (/(^|\/)schema\.ts$/.test(rel) && /(^|\/)schema\.js$/.test(inner)) continue;
    if (
      isTestCode(rel) &&
      (/(^|\/)(test-fixtures|schema|email-schema)\.js$/.test(inner) || inner.startsWith('testing/'))
    )
      continue;
    bad.push(`${rel} -> ${target}`);
  }
  return bad;
}

describe('module boundaries', () => {
  it('another module is reached only through its index.ts', () => {
    const found = walk(SRC)
      .filter((f) => /\.tsx?$/.test(f))
      .flatMap((f) => violations(path.relative(SRC, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the check itself sees a deep import, a re-export and a dynamic import', () => {
    expect(violations('procedures/x.ts', "import { a } from '../directory/schema.js';")).toHaveLength(1);
    expect(violations('procedures/a/x.ts', "export { a } from '../../directory/routes/units.js';")).toHaveLength(1);
    expect(violations('procedures/x.ts', "const m = await import('../gateway/proxy.js');")).toHaveLength(1);
    expect(violations('feedback/seed/x.ts', "import { P } from '../../demo/accounts.js';")).toHaveLength(1);
    expect(violations('procedures/x.ts', "import { a } from '../directory/index.js';")).toEqual([]);
    expect(violations('documents/x.ts', "import { x509 } from '../platform/pki/index.js';")).toEqual([]);
    expect(violations('documents/x.ts', "import { x } from '../platform/pki/certs.js';")).toHaveLength(1);
    expect(violations('procedures/schema.ts', "import { agencies } from '../directory/schema.js';")).toEqual([]);
    expect(violations('procedures/x.test.ts', "import { f } from '../directory/test-fixtures.js';")).toEqual([]);
    expect(violations('procedures/x.ts', "import { f } from './dossiers/service.js';")).toEqual([]);
  });
});
