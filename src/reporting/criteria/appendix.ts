/**
 * Reads a criteria appendix (phụ lục bộ tiêu chí) as printed in a plan's text: a table flattened to
 * one cell per paragraph, cells separated by blank lines, columns STT | Chỉ số | Tiêu chí | Cách tính
 * điểm | Điểm tối đa | Ghi chú. Used to build the shipped seed and, in its test, to check the seed
 * against the source text; the platform never parses plan text at run time.
 */

export interface AppendixRow {
  /** The code as printed (e.g. "43.2.2", a typo the appendix carries). */
  printedCode: string;
  /** The code in the tree (the printed one unless it is an evident typo, see CODE_FIXES). */
  code: string;
  /** The cells before the maximum: the title, then the scoring rule's lines. */
  title: string;
  ruleLines: string[];
  /** The printed maximum, or null where the row prints none. */
  printedMax: number | null;
  /** Cells after the maximum (the note column, and any stray figure). */
  noteLines: string[];
  /** The 1-based line of the source where the row's code stands. */
  line: number;
}

/** Printed codes that cannot stand in the tree as printed, with the code they mean (kept as printedCode). */
export const CODE_FIXES: Record<string, string> = { '43.2.2': '4.3.2.2' };

const ROMAN = /^(I|II|III|IV|V|VI|VII|VIII|IX|X)$/;
const DOTTED = /^\d+(\.\d+)+$/;
const NUMBER = /^\d+(,\d+)?$/;
const clean = (s: string) => s.replace(/\u00a0/g, ' ').trim();

/** Parses the appendix that starts at the line `startMarker` and ends before `endMarker`. */
export function parseAppendix(text: string, startMarker = 'PHỤ LỤC 4', endMarker = 'PHỤ LỤC 5'): AppendixRow[] {
  const all = text.split(/\r?\n/);
  const start = all.findIndex((l) => clean(l) === startMarker);
  const end = all.findIndex((l, i) => i > start && clean(l) === endMarker);
  if (start < 0) throw new Error(`no line "${startMarker}"`);
  const rows: AppendixRow[] = [];
  let row: (AppendixRow & { cells: string[] }) | null = null;
  let nextTop = 1;
  const close = () => {
    if (!row) return;
    const [title = '', ...rest] = row.cells;
    row.title = title;
    row.ruleLines = row.printedMax === null ? rest : row.ruleLines;
    const { cells: _cells, ...done } = row;
    void _cells;
    rows.push(done);
    row = null;
  };
  for (let i = start + 1; i < (end < 0 ? all.length : end); i++) {
    const cell = clean(all[i]!);
    if (!cell) continue;
    const current = row as (AppendixRow & { cells: string[] }) | null;
    // A single figure is a top-level code only where it continues the sequence and the current row
    // already has its maximum (or is the section's roman heading); otherwise it is a maximum.
    const isTop =
      cell === String(nextTop) &&
      (rows.length > 0 || current !== null) &&
      (current === null ||
        current.printedMax !== null ||
        ROMAN.test(current.printedCode) ||
        current.noteLines.length > 0);
    // The section's roman numeral opens the table; anything before it is the header.
    const isSection = ROMAN.test(cell) && rows.length === 0 && current === null;
    if (DOTTED.test(cell) || isTop || isSection) {
      if (current === null && rows.length === 0 && !ROMAN.test(cell)) continue; // header before the table
      close();
      if (isTop) nextTop++;
      row = {
        printedCode: cell,
        code: CODE_FIXES[cell] ?? cell,
        title: '',
        ruleLines: [],
        printedMax: null,
        noteLines: [],
        line: i + 1,
        cells: [],
      };
      continue;
    }
    if (!current) continue; // the table's header cells
    if (current.printedMax === null && NUMBER.test(cell) && current.cells.length > 0) {
      current.printedMax = Number(cell.replace(',', '.'));
      const [, ...rule] = current.cells;
      current.ruleLines = rule;
      continue;
    }
    if (current.printedMax !== null) current.noteLines.push(cell);
    else current.cells.push(cell);
  }
  close();
  return rows;
}

/** The parent code of a code in the tree ("I" for the top groups of section I). */
export function parentCode(code: string, section = 'I'): string | null {
  if (ROMAN.test(code)) return null;
  const i = code.lastIndexOf('.');
  return i < 0 ? section : code.slice(0, i);
}
