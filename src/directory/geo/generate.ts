/**
 * Regenerates hue-units.geo.json from the demo centroids and the demo outline:
 *   npx tsx src/directory/geo/generate.ts
 * The shipped file must equal this script's output (geo.test.ts checks it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHueCells } from './data.js';

const here = path.dirname(fileURLToPath(import.meta.url));
fs.writeFileSync(path.join(here, 'hue-units.geo.json'), `${JSON.stringify(buildHueCells())}\n`);
console.log('wrote hue-units.geo.json');
