/**
 * Builds plans.json (the targets, tasks and projects of the five seed plans, each with its source
 * line) from the plans' text. Run once; the JSON is what ships:
 *   npx tsx src/reporting/seed/build-plans.ts ../shared/seeds
 * Huế (222/KH-UBND) is read from its appendices 1–3; Vĩnh Phúc (302/KH-UBND) and Bình Định
 * (59/KH-UBND) from their appendix tables (Bình Định's appendix II row by row, its rows being uneven); Lạng Sơn (198/KH-UBND, whose appendix is not in the text)
 * and Quảng Bình (đề án) from the paragraphs of their objectives (targets) and tasks sections.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SeedPlan } from '../plans/service.js';

type Target = SeedPlan['targets'][number];
type Task = SeedPlan['tasks'][number];
const clean = (s: string) =>
  s
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The indicator a target's wording names, where one fits. */
export function indicatorFor(text: string): string | null {
  const t = text.toLowerCase();
  if (/báo cáo định kỳ|chế độ báo cáo/.test(t))
    return /quốc gia|chính phủ/.test(t) ? 'reports.on_national_system' : 'reports.submitted_on_system';
  if (/hồ sơ công việc/.test(t)) return 'documents.work_records_online';
  if (/văn bản/.test(t) && /chữ ký số|ký số/.test(t)) return 'documents.signed_digitally';
  if (/văn bản/.test(t) && /(dạng điện tử|điện tử)/.test(t) && /(giấy|liên thông)/.test(t))
    return 'documents.paperless';
  if (/hài lòng/.test(t)) return 'dossiers.satisfaction';
  if (/phản ánh/.test(t)) return 'feedback.on_time_rate';
  if (/hồ sơ/.test(t) && /(đúng hạn|trễ hạn)/.test(t)) return 'dossiers.on_time_rate';
  if (/hồ sơ/.test(t) && /toàn trình/.test(t)) return 'dossiers.fully_online_share';
  if (/hồ sơ/.test(t) && /trực tuyến/.test(t)) return 'dossiers.online_share';
  if (/(dịch vụ công|thủ tục hành chính).*(toàn trình|mức độ 4)/.test(t)) return 'procedures.fully_online_offered';
  if (/mã độc/.test(t)) return 'inventory.antimalware_endpoints';
  if (/ipv6/.test(t)) return 'inventory.ipv6_systems';
  if (/truyền số liệu chuyên dùng/.test(t)) return 'inventory.dedicated_network_share';
  if (/phê duyệt.*cấp độ|cấp độ.*phê duyệt/.test(t)) return 'inventory.systems_level_approved';
  return null;
}

function targetOf(textVi: string, line: number, extra: Partial<Target> = {}): Target {
  const m = /(\d+(?:[.,]\d+)?)\s*%/.exec(textVi);
  const year = /(?:năm|đến)\s+(20\d\d)/i.exec(textVi);
  return {
    textVi,
    value: m ? Number(m[1]!.replace(',', '.')) : null,
    unit: m ? '%' : null,
    year: year ? Number(year[1]) : null,
    scope: null,
    responsible: null,
    indicatorKey: indicatorFor(textVi),
    sourceLine: line,
    ...extra,
  };
}

/** Huế's appendices: one cell per line, a row starting at its number; section headings in between. */
function flatRows(lines: string[], from: string, to: string, width: number) {
  const start = lines.findIndex((l) => clean(l) === from);
  const end = lines.findIndex((l, i) => i > start && clean(l) === to);
  const rows: { line: number; cells: string[]; section: string }[] = [];
  let section = '';
  let cur: { line: number; cells: string[]; section: string } | null = null;
  for (let i = start + 1; i < end; i++) {
    const raw = lines[i]!;
    if (!raw.trim()) continue;
    const c = clean(raw);
    if (/^\d+\.?$/.test(c)) {
      if (cur) rows.push(cur);
      cur = { line: i + 1, cells: [], section };
      continue;
    }
    if (/^([IVX]+|[A-E])\.?(\s.*)?$/.test(c) && (!cur || cur.cells.length >= width || /^[IVX]+\.\s/.test(c))) {
      if (cur) rows.push(cur);
      cur = null;
      section = c.replace(/^([IVX]+|[A-E])\.?\s*/, '') || clean(lines.slice(i + 1).find((l) => l.trim()) ?? '');
      continue;
    }
    if (cur) cur.cells.push(c);
  }
  if (cur) rows.push(cur);
  // Several lines of content before the fixed trailing cells are one cell.
  return rows
    .map((r) => {
      const cells =
        r.cells.length > width
          ? [r.cells.slice(0, r.cells.length - width + 1).join(' '), ...r.cells.slice(r.cells.length - width + 1)]
          : r.cells;
      return { ...r, cells: cells.map((x) => x.trim()) };
    })
    .filter((r) => r.cells[0]);
}

/** The cells of a table whose cells each end with a line holding "|", from its "STT" header on, with their lines. */
function pipeCells(lines: string[], from: string, to: string | null) {
  const start = lines.findIndex((l) => clean(l) === from);
  const endAt = to ? lines.findIndex((l, i) => i > start && clean(l) === to) : -1;
  const end = endAt < 0 ? lines.length : endAt;
  const cells: { text: string; line: number }[] = [];
  let buf: string[] = [];
  let first = -1;
  let inTable = false;
  for (let i = start + 1; i < end; i++) {
    const c = clean(lines[i]!);
    if (!inTable) {
      if (c === 'STT') {
        inTable = true;
        buf = ['STT'];
        first = i + 1;
      }
      continue;
    }
    if (c === '|') {
      cells.push({ text: buf.join(' ').trim(), line: first });
      buf = [];
      first = -1;
      continue;
    }
    if (!c) continue;
    if (first < 0) first = i + 1;
    buf.push(c);
  }
  return cells;
}

const ROW_NUMBER = /^([IVX]+|\d+(\.\d+)*)$/;

/** A table whose cells end with a line holding "|": grouped into rows of the header's width. */
function pipeRows(lines: string[], from: string, to: string | null) {
  const cells = pipeCells(lines, from, to);
  // The header is every cell up to the first that is a row number.
  const width = cells.findIndex((c, i) => i > 0 && ROW_NUMBER.test(c.text));
  const rows: { line: number; cells: string[] }[] = [];
  for (let i = width; i + width <= cells.length; i += width)
    rows.push({ line: cells[i]!.line, cells: cells.slice(i, i + width).map((c) => c.text) });
  return { width, header: cells.slice(0, width).map((c) => c.text), rows };
}

/**
 * The same table read row by row from its row numbers, for tables whose rows do not all have the header's width
 * (Bình Định's appendix II: a last cell merged over two rows, a row printed without its number). A row starts at a
 * row-number cell at least width - 1 cells after the last start; a span of two rows or more is cut at the width.
 */
function numberedRows(lines: string[], from: string, to: string | null) {
  const cells = pipeCells(lines, from, to);
  const width = cells.findIndex((c, i) => i > 0 && ROW_NUMBER.test(c.text));
  const starts: number[] = [];
  for (let i = width; i < cells.length; i++)
    if (ROW_NUMBER.test(cells[i]!.text) && (!starts.length || i - starts.at(-1)! >= width - 1)) starts.push(i);
  const rows: { line: number; cells: string[] }[] = [];
  starts.forEach((s, k) => {
    const span = cells.slice(s, starts[k + 1] ?? cells.length);
    for (let j = 0; j < span.length; j += width) {
      const part = span.slice(j, j + width);
      // An empty number cell has no line of its own: the row starts at its first written cell.
      if (part.length >= 2) rows.push({ line: part.find((c) => c.line > 0)!.line, cells: part.map((c) => c.text) });
    }
  });
  return rows;
}

/** Paragraphs (bullets and numbered items joined across hard line breaks) of a section, with their first line. */
function paragraphs(lines: string[], from: RegExp, to: RegExp) {
  const start = lines.findIndex((l) => from.test(clean(l)));
  const end = lines.findIndex((l, i) => i > start && to.test(clean(l)));
  const out: { text: string; line: number }[] = [];
  for (let i = start + 1; i < (end < 0 ? lines.length : end); i++) {
    const c = clean(lines[i]!);
    if (!c) continue;
    if (/^([-+–•]|[a-zđ]\)|\d+(\.\d+)*\.?\s|[IVX]+\.\s)/.test(c) || !out.length) out.push({ text: c, line: i + 1 });
    else out.at(-1)!.text += ` ${c}`;
  }
  return out.map((p) => ({ ...p, text: p.text.replace(/^[-+–•]\s*/, '') }));
}

function hue(dir: string): SeedPlan {
  const lines = readFileSync(join(dir, 'thua-thien-hue-222-KH-UBND-2020.txt'), 'utf8').split(/\r?\n/);
  const targets: Target[] = flatRows(lines, 'PHỤ LỤC 1', 'PHỤ LỤC 2', 3).map((r) => {
    const year = /(20\d\d)/.exec(r.section);
    return targetOf(r.cells[0]!, r.line, {
      responsible: r.cells[1] ?? null,
      scope: r.cells[2] ? `Phối hợp: ${r.cells[2]}` : null,
      year: year ? Number(year[1]) : null,
    });
  });
  const tasks: Task[] = [
    ...flatRows(lines, 'PHỤ LỤC 2', 'PHỤ LỤC 3', 4).map((r) => ({
      kind: 'task' as const,
      content: r.cells[0]!,
      lead: r.cells[1] || null,
      partners: r.cells[2] || null,
      deadline: null,
      budget: r.cells[3] ? `Loại hình: ${r.cells[3]}` : null,
      sourceLine: r.line,
    })),
    ...flatRows(lines, 'PHỤ LỤC 3', 'PHỤ LỤC 4', 3).map((r) => ({
      kind: 'project' as const,
      content: r.cells[0]!,
      lead: r.cells[1] || null,
      partners: null,
      deadline: r.cells[2] || null,
      budget: null,
      sourceLine: r.line,
    })),
  ];
  return {
    key: 'hue-222-2020',
    nameVi: 'Kế hoạch 222/KH-UBND ngày 21/10/2020 của UBND tỉnh Thừa Thiên Huế về chuyển đổi số',
    issuer: 'UBND tỉnh Thừa Thiên Huế',
    source: 'thua-thien-hue-222-KH-UBND-2020.txt',
    targets,
    tasks,
  };
}

function vinhPhuc(dir: string): SeedPlan {
  const lines = readFileSync(join(dir, 'vinh-phuc-302-KH-UBND-2021.txt'), 'utf8').split(/\r?\n/);
  const t1 = pipeRows(lines, 'PHỤ LỤC 1', 'PHỤ LỤC 2');
  const t2 = pipeRows(lines, 'PHỤ LỤC 2', 'PHỤ LỤC 3');
  const t3 = pipeRows(lines, 'PHỤ LỤC 3', null);
  const isItem = (c: string[]) => /^\d+(\.\d+)*$/.test(c[0]!) && c[1] && c[2];
  return {
    key: 'vinh-phuc-302-2021',
    nameVi: 'Kế hoạch 302/KH-UBND ngày 08/12/2021 của UBND tỉnh Vĩnh Phúc về chuyển đổi số',
    issuer: 'UBND tỉnh Vĩnh Phúc',
    source: 'vinh-phuc-302-KH-UBND-2021.txt',
    targets: t1.rows
      .filter((r) => isItem(r.cells))
      .map((r) =>
        targetOf(r.cells[1]!, r.line, {
          responsible: r.cells[2] || null,
          scope: r.cells[3] ? `Phối hợp: ${r.cells[3]}` : null,
          year: 2025,
        }),
      ),
    tasks: [
      ...t2.rows
        .filter((r) => isItem(r.cells))
        .map((r) => ({
          kind: 'task' as const,
          content: r.cells[1]!,
          lead: r.cells[3] || null,
          partners: null,
          deadline: r.cells[4] || null,
          budget: r.cells[2] ? `Sản phẩm: ${r.cells[2]}` : null,
          sourceLine: r.line,
        })),
      ...t3.rows
        .filter((r) => isItem(r.cells))
        .map((r) => ({
          kind: 'project' as const,
          content: r.cells[1]!,
          lead: r.cells[2] || null,
          partners: r.cells[3] ? `Cách thức: ${r.cells[3]}` : null,
          deadline: r.cells[4] || null,
          budget: r.cells[5] ? `${r.cells[5]} triệu đồng` : null,
          sourceLine: r.line,
        })),
    ],
  };
}

function binhDinh(dir: string): SeedPlan {
  const lines = readFileSync(join(dir, 'binh-dinh-59-KH-UBND-2022.txt'), 'utf8').split(/\r?\n/);
  const t1 = pipeRows(lines, 'PHỤ LỤC I', 'PHỤ LỤC II');
  const t2 = numberedRows(lines, 'PHỤ LỤC II', null);
  let year: number | null = null;
  const targets: Target[] = [];
  for (const r of t1.rows) {
    const y = /NĂM (20\d\d)/i.exec(r.cells[1] ?? '');
    if (y && !r.cells[2]) year = Number(y[1]);
    if (/^\d+(\.\d+)+$/.test(r.cells[0]!) && r.cells[1] && r.cells[2])
      targets.push(
        targetOf(r.cells[1], r.line, {
          responsible: r.cells[2] || null,
          scope:
            [r.cells[3] && `Phối hợp: ${r.cells[3]}`, r.cells[4] && `Thực hiện: ${r.cells[4]}`]
              .filter(Boolean)
              .join('; ') || null,
          year,
        }),
      );
  }
  // A task is a row with its content and a time or a lead agency; the group rows (I, 1, 2 …) carry only a title.
  const tasks = t2
    .filter((r) => !/^[IVX]+$/.test(r.cells[0]!) && r.cells[1] && (r.cells[2] || r.cells[3]))
    .map((r) => ({
      kind: 'task' as const,
      content: r.cells[1]!,
      lead: r.cells[3] || null,
      partners: r.cells[4] || null,
      deadline: r.cells[2] || null,
      budget: r.cells[5] || null,
      sourceLine: r.line,
    }));
  return {
    key: 'binh-dinh-59-2022',
    nameVi: 'Kế hoạch 59/KH-UBND năm 2022 của UBND tỉnh Bình Định về chuyển đổi số',
    issuer: 'UBND tỉnh Bình Định',
    source: 'binh-dinh-59-KH-UBND-2022.txt',
    targets,
    tasks,
  };
}

function langSon(dir: string): SeedPlan {
  const lines = readFileSync(join(dir, 'lang-son-198-KH-UBND-2020.txt'), 'utf8').split(/\r?\n/);
  const targets = paragraphs(lines, /^II\. MỤC TIÊU$/, /^III\. NHIỆM VỤ/)
    .filter((p) => /\d+\s*%/.test(p.text))
    .map((p) => targetOf(p.text, p.line, { year: 2021 }));
  const tasks = paragraphs(lines, /^III\. NHIỆM VỤ/, /^IV\./)
    .filter((p) => p.text.length > 40 && !/^\d+(\.\d+)*\.?\s/.test(p.text))
    .map((p) => ({
      kind: 'task' as const,
      content: p.text,
      lead: null,
      partners: null,
      deadline: null,
      budget: null,
      sourceLine: p.line,
    }));
  return {
    key: 'lang-son-198-2020',
    nameVi:
      'Kế hoạch 198/KH-UBND năm 2020 của UBND tỉnh Lạng Sơn về ứng dụng CNTT, phát triển chính quyền điện tử năm 2021',
    issuer: 'UBND tỉnh Lạng Sơn',
    source: 'lang-son-198-KH-UBND-2020.txt',
    targets,
    tasks,
  };
}

function quangBinh(dir: string): SeedPlan {
  const lines = readFileSync(join(dir, 'quang-binh-de-an-cqdt-2021.txt'), 'utf8').split(/\r?\n/);
  const targets = paragraphs(lines, /^2\. Mục tiêu, chỉ tiêu/, /^3\./)
    .filter((p) => /\d+\s*%/.test(p.text))
    .map((p) => targetOf(p.text, p.line, { year: 2025 }));
  const tasks = paragraphs(lines, /^3\./, /^5\.2/)
    .filter((p) => p.text.length > 40 && !/^\d+(\.\d+)*\.?\s/.test(p.text))
    .map((p) => ({
      kind: 'task' as const,
      content: p.text,
      lead: null,
      partners: null,
      deadline: null,
      budget: null,
      sourceLine: p.line,
    }));
  return {
    key: 'quang-binh-cqdt-2021',
    nameVi: 'Đề án xây dựng chính quyền điện tử tỉnh Quảng Bình (2021)',
    issuer: 'UBND tỉnh Quảng Bình',
    source: 'quang-binh-de-an-cqdt-2021.txt',
    targets,
    tasks,
  };
}

export function buildPlans(dir: string): SeedPlan[] {
  return [hue(dir), vinhPhuc(dir), binhDinh(dir), langSon(dir), quangBinh(dir)];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const plans = buildPlans(process.argv[2]!);
  writeFileSync(new URL('./plans.json', import.meta.url), `${JSON.stringify(plans, null, 1)}\n`);
  for (const p of plans)
    console.log(
      p.key,
      'targets',
      p.targets.length,
      'linked',
      p.targets.filter((t) => t.indicatorKey).length,
      'tasks',
      p.tasks.filter((t) => t.kind === 'task').length,
      'projects',
      p.tasks.filter((t) => t.kind === 'project').length,
    );
}
