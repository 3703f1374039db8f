/**
 * A periodic report template's fields (trường của mẫu báo cáo) and the checks of the values an agency
 * enters. A field may carry a `formula` (its value must equal it; left empty, it is computed) and a
 * `check` (a condition that must hold), both in the expression language of expression.ts, over the
 * other fields' keys and a table's columns as `table.column`.
 */
import { ExpressionError, evaluate, parseExpression, variablesOf, type Scope } from '../expression.js';

export const FIELD_TYPES = ['number', 'percent', 'text', 'table'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface TableColumn {
  key: string;
  labelVi: string;
  labelEn: string;
  type: 'number' | 'text';
}
export interface TemplateField {
  key: string;
  labelVi: string;
  labelEn: string;
  type: FieldType;
  required?: boolean;
  formula?: string;
  check?: string;
  /** An indicator whose value for the agency and period prefills the field (marked computed). */
  indicator?: string;
  columns?: TableColumn[];
}

export interface FieldProblem {
  path: string;
  vi: string;
  en: string;
}

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** Checks a template's fields; answers the problems, each naming its field (empty: valid). */
export function templateProblems(fields: TemplateField[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  const keys = new Set<string>();
  const numeric = new Set<string>();
  fields.forEach((f, i) => {
    if (!KEY.test(f.key))
      out.push({
        path: `/body/fields/${i}/key`,
        vi: `Mã trường "${f.key}" không hợp lệ (chữ thường, số, gạch dưới).`,
        en: `Field key "${f.key}" is not valid (lower case, digits, underscore).`,
      });
    if (keys.has(f.key))
      out.push({
        path: `/body/fields/${i}/key`,
        vi: `Mã trường "${f.key}" bị trùng.`,
        en: `Field key "${f.key}" is repeated.`,
      });
    keys.add(f.key);
    if (f.type === 'number' || f.type === 'percent') numeric.add(f.key);
    if (f.type === 'table') {
      if (!f.columns?.length)
        out.push({
          path: `/body/fields/${i}/columns`,
          vi: `Bảng "${f.key}" cần ít nhất một cột.`,
          en: `Table "${f.key}" needs at least one column.`,
        });
      for (const c of f.columns ?? []) if (c.type === 'number') numeric.add(`${f.key}.${c.key}`);
    }
  });
  fields.forEach((f, i) => {
    for (const prop of ['formula', 'check'] as const) {
      const src = f[prop];
      if (src === undefined) continue;
      const path = `/body/fields/${i}/${prop}`;
      try {
        const names = variablesOf(parseExpression(src));
        for (const n of names) {
          if (!numeric.has(n))
            out.push({
              path,
              vi: `Công thức của trường "${f.key}" dùng "${n}", không phải trường số của mẫu.`,
              en: `The ${prop} of field "${f.key}" reads "${n}", which is not a numeric field of the template.`,
            });
          if (prop === 'formula' && n === f.key)
            out.push({
              path,
              vi: `Công thức của trường "${f.key}" tham chiếu chính nó.`,
              en: `The formula of field "${f.key}" refers to itself.`,
            });
        }
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        out.push({
          path,
          vi: `Công thức của trường "${f.key}" không đúng cú pháp: ${e.message}.`,
          en: `The ${prop} of field "${f.key}" does not parse: ${e.message}.`,
        });
      }
    }
    if (f.formula && f.type !== 'number' && f.type !== 'percent')
      out.push({
        path: `/body/fields/${i}/formula`,
        vi: `Chỉ trường số có công thức.`,
        en: 'Only a numeric field has a formula.',
      });
  });
  return out;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Checks (and completes) a report's values against its template: types, required fields, formulas
 * (an empty formula field is computed) and checks. Answers the completed values and the problems.
 */
export function checkValues(
  fields: TemplateField[],
  input: Record<string, unknown>,
  opts: { final: boolean },
): { values: Record<string, unknown>; problems: FieldProblem[] } {
  const out: FieldProblem[] = [];
  const values: Record<string, unknown> = {};
  const scope: Scope = {};
  const known = new Set(fields.map((f) => f.key));
  for (const k of Object.keys(input))
    if (!known.has(k))
      out.push({
        path: `/body/values/${k}`,
        vi: `Mẫu không có trường "${k}".`,
        en: `The template has no field "${k}".`,
      });
  for (const f of fields) {
    const v = input[f.key];
    const path = `/body/values/${f.key}`;
    if (v === undefined || v === null || v === '') continue;
    if (f.type === 'number' || f.type === 'percent') {
      if (typeof v !== 'number' || !Number.isFinite(v))
        out.push({ path, vi: `Trường "${f.labelVi}" phải là số.`, en: `Field "${f.labelEn}" must be a number.` });
      else if (f.type === 'percent' && (v < 0 || v > 100))
        out.push({
          path,
          vi: `Trường "${f.labelVi}" là tỷ lệ phần trăm (0–100).`,
          en: `Field "${f.labelEn}" is a percentage (0–100).`,
        });
      else {
        values[f.key] = v;
        scope[f.key] = v;
      }
    } else if (f.type === 'text') {
      if (typeof v !== 'string' || v.length > 20_000)
        out.push({
          path,
          vi: `Trường "${f.labelVi}" phải là văn bản (tối đa 20.000 ký tự).`,
          en: `Field "${f.labelEn}" must be text (at most 20,000 characters).`,
        });
      else values[f.key] = v;
    } else {
      if (!Array.isArray(v) || v.length > 1000) {
        out.push({
          path,
          vi: `Trường "${f.labelVi}" là một bảng (danh sách dòng).`,
          en: `Field "${f.labelEn}" is a table (a list of rows).`,
        });
        continue;
      }
      const rows: Record<string, unknown>[] = [];
      v.forEach((row: unknown, r) => {
        if (!row || typeof row !== 'object' || Array.isArray(row))
          return void out.push({
            path: `${path}/${r}`,
            vi: 'Mỗi dòng là một đối tượng.',
            en: 'Each row is an object.',
          });
        const clean: Record<string, unknown> = {};
        for (const c of f.columns ?? []) {
          const cell = (row as Record<string, unknown>)[c.key];
          if (cell === undefined || cell === null || cell === '') continue;
          if (
            c.type === 'number'
              ? typeof cell !== 'number' || !Number.isFinite(cell)
              : typeof cell !== 'string' || cell.length > 2000
          )
            out.push({
              path: `${path}/${r}/${c.key}`,
              vi: `Cột "${c.labelVi}" dòng ${r + 1} sai kiểu.`,
              en: `Column "${c.labelEn}" of row ${r + 1} has the wrong type.`,
            });
          else clean[c.key] = cell;
        }
        rows.push(clean);
      });
      values[f.key] = rows;
      for (const c of f.columns ?? [])
        if (c.type === 'number')
          scope[`${f.key}.${c.key}`] = rows.map((x) => (typeof x[c.key] === 'number' ? (x[c.key] as number) : 0));
    }
  }
  // Formula fields left empty are computed; those given must agree.
  for (const f of fields) {
    if (!f.formula) continue;
    const computed = evaluate(parseExpression(f.formula), scope);
    const given = values[f.key];
    if (given === undefined) {
      if (computed !== null) {
        values[f.key] = computed;
        scope[f.key] = computed;
      }
    } else if (computed !== null && !close(computed, given as number))
      out.push({
        path: `/body/values/${f.key}`,
        vi: `Trường "${f.labelVi}" = ${String(given)} không khớp công thức ${f.formula} = ${computed}.`,
        en: `Field "${f.labelEn}" = ${String(given)} breaks its formula ${f.formula} = ${computed}.`,
      });
  }
  for (const f of fields) {
    if (!f.check) continue;
    const ok = evaluate(parseExpression(f.check), scope);
    if (ok === 0)
      out.push({
        path: `/body/values/${f.key}`,
        vi: `Trường "${f.labelVi}" không thỏa điều kiện ${f.check}.`,
        en: `Field "${f.labelEn}" breaks its check ${f.check}.`,
      });
  }
  if (opts.final)
    for (const f of fields)
      if (f.required && values[f.key] === undefined)
        out.push({
          path: `/body/values/${f.key}`,
          vi: `Trường "${f.labelVi}" là bắt buộc.`,
          en: `Field "${f.labelEn}" is required.`,
        });
  return { values, problems: out };
}
