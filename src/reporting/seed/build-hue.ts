/**
 * Builds hue-appendix4.json from the plan's text (run once; the JSON is what ships):
 *   npx tsx src/reporting/seed/build-hue.ts src/reporting/seed/sources/thua-thien-hue-222-KH-UBND-2020.txt
 * Texts and maxima are copied verbatim; rules come from their wording or from hue-rules.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAppendix, parentCode } from '../criteria/appendix.js';
import { validateRule, type Rule } from '../criteria/rules.js';
import { HUE_RULES, HUE_SOURCES } from './hue-rules.js';
import type { SeedNode, SeedSet } from './types.js';

const RATIO =
  /^Điểm\s*=\s*(Tỷ lệ\s*\*\s*(Điểm|Đim) (tối|ti) đa|Điểm tối đa\s*\*\s*Tỷ lệ|tỷ lệ .* \* (Điểm|Đim) (tối|ti) đa)$/i;
const YES = /:\s*Điểm tối đa;?$/i;
const NO = /:\s*0 điểm$/i;

function ruleFromWording(code: string, lines: string[]): Rule {
  const fixed = HUE_RULES[code];
  if (fixed) return fixed;
  const one = lines.map((l) => l.replace(/\s+/g, ' ').replace(/\s*\*\s*/g, ' * '));
  if (one.length === 1 && RATIO.test(one[0]!)) return { kind: 'ratio' };
  if (one.length === 2 && YES.test(one[0]!) && NO.test(one[1]!)) return { kind: 'yes_no' };
  throw new Error(`criterion ${code}: no rule for "${lines.join(' / ')}"`);
}

/** Who a criterion assesses, from its wording: a district or commune, the whole province, or the agency. */
function subjectOf(text: string): SeedNode['subject'] {
  if (/cấp huyện|cấp xã/i.test(text)) return 'unit';
  if (/cấp tỉnh|của tỉnh|thuộc tỉnh|của Tỉnh|trên địa bàn tỉnh/.test(text)) return 'province';
  return 'agency';
}

export function buildHue(text: string): SeedSet {
  const rows = parseAppendix(text);
  const codes = rows.map((r) => r.code);
  const nodes: SeedNode[] = rows.map((r) => {
    const isGroup = codes.some((c) => c.startsWith(`${r.code}.`)) || r.code === 'I' || /^\d+$/.test(r.code);
    const base = {
      code: r.code,
      printedCode: r.printedCode,
      parent: parentCode(r.code),
      title: r.title,
      printedMax: r.printedMax,
      line: r.line,
    };
    if (isGroup)
      return { ...base, kind: 'group' as const, ruleText: r.ruleLines.join('\n'), note: r.noteLines.join('\n') };
    const rule = validateRule(ruleFromWording(r.code, r.ruleLines), r.code);
    const src = HUE_SOURCES[r.code];
    const source: SeedNode['source'] =
      typeof src === 'string'
        ? { kind: 'indicator', indicator: src }
        : src
          ? { kind: 'indicators', inputs: src }
          : { kind: 'answer', reviewer: 'stttt' };
    return {
      ...base,
      kind: 'criterion' as const,
      ruleText: r.ruleLines.join('\n'),
      note: r.noteLines.join('\n'),
      rule,
      subject: subjectOf(`${r.title} ${r.noteLines.join(' ')}`),
      source,
    };
  });
  return {
    key: 'hue-222-pl4',
    version: 1,
    nameVi:
      'Bộ tiêu chí chuyển đổi chính quyền số (Phụ lục 4, Kế hoạch 222/KH-UBND ngày 21/10/2020 của UBND tỉnh Thừa Thiên Huế)',
    nameEn: 'Digital government transformation criteria (appendix 4 of Thừa Thiên Huế plan 222/KH-UBND, 21 Oct 2020)',
    source: 'thua-thien-hue-222-KH-UBND-2020.txt',
    target: { computedShare: 0.8, textVi: '80% tiêu chí xếp hạng các cơ quan được tính toán từ dữ liệu số' },
    nodes,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const set = buildHue(readFileSync(process.argv[2]!, 'utf8'));
  writeFileSync(new URL('./hue-appendix4.json', import.meta.url), `${JSON.stringify(set, null, 1)}\n`);
  console.log(`${set.nodes.length} rows written`);
}
