/**
 * Rebuilds data/*.json from `mapping/merges.json` of the public repository dvhcvn/20250701 (MIT):
 *   npx tsx src/directory/provinces/import-dvhcvn.ts /path/to/merges.json
 * One file per province (loaded only when that province is set up) and an index of the 34.
 * Types come from the name's first word (Phường, Xã, Đặc khu; Tỉnh, Thành phố); the type word is kept out of the name,
 * as the directory stores it (`name` + `type`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Merge {
  old_id: string;
  name: string;
  type: 'full' | 'partial';
}
interface Level2 {
  level2_id: string;
  name: string;
  merges: Merge[];
}
interface Level1 {
  level1_id: string;
  name: string;
  merges: Merge[];
  level2s: Level2[];
}

const PREFIXES: [string, string][] = [
  ['Thành phố ', 'thanh_pho_trung_uong'],
  ['Tỉnh ', 'tinh'],
  ['Đặc khu ', 'dac_khu'],
  ['Phường ', 'phuong'],
  ['Xã ', 'xa'],
  ['Thị trấn ', 'thi_tran'],
];

export function splitName(full: string): { name: string; type: string } {
  for (const [p, type] of PREFIXES) if (full.startsWith(p)) return { name: full.slice(p.length), type };
  throw new Error(`no type word in "${full}"`);
}

const src = process.argv[2];
if (src) {
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');
  const { data } = JSON.parse(fs.readFileSync(src, 'utf8')) as { data: Level1[] };
  const index = [];
  for (const p of data) {
    const { name, type } = splitName(p.name);
    const communes = p.level2s.map((c) => {
      const n = splitName(c.name);
      // Former units as [code, name with its type word, 'f' whole | 'p' part].
      return [c.level2_id, n.name, n.type, c.merges.map((m) => [m.old_id, m.name, m.type === 'full' ? 'f' : 'p'])];
    });
    fs.writeFileSync(
      path.join(out, `${p.level1_id}.json`),
      JSON.stringify({ code: p.level1_id, name, type, formedFrom: p.merges.map((m) => [m.old_id, m.name]), communes }) +
        '\n',
    );
    index.push({ code: p.level1_id, name, type, communes: communes.length });
  }
  fs.writeFileSync(path.join(out, 'index.json'), JSON.stringify(index, null, 1) + '\n');
  console.log(`${index.length} provinces, ${index.reduce((n, p) => n + p.communes, 0)} communes → ${out}`);
}
