/**
 * The small expression language of scoring rules and report templates (công thức): numbers (a `%`
 * suffix divides by 100), names (a table column is `table.column`), + - * /, comparisons, and the
 * functions min, max, if, sum, abs, round. A value that cannot be computed (a missing input, a
 * division by zero) is null and makes the whole expression null, never NaN or Infinity.
 *
 *   expr    := compare
 *   compare := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/") unary)*
 *   unary   := "-" unary | primary
 *   primary := number "%"? | name | name "(" expr ("," expr)* ")" | "(" expr ")"
 */

export type Node =
  | { t: 'num'; v: number }
  | { t: 'var'; name: string }
  | { t: 'bin'; op: string; l: Node; r: Node }
  | { t: 'neg'; e: Node }
  | { t: 'call'; fn: string; args: Node[] };

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const FUNCTIONS: Record<string, [min: number, max: number]> = {
  min: [1, 50],
  max: [1, 50],
  if: [3, 3],
  sum: [1, 1],
  abs: [1, 1],
  round: [1, 2],
};
export type Value = number | null;
export type Scope = Record<string, number | null | undefined | (number | null)[]>;

interface Token {
  k: 'num' | 'name' | 'op' | 'end';
  v: string;
  at: number;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re =
    /\s*(?:(\d+(?:\.\d+)?%?)|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)|(<=|>=|==|!=|[-+*/(),<>]))/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new ExpressionError(`unexpected character "${src.slice(i).trim()[0]}" at ${i + 1}`, i);
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3])!.length;
    if (m[1]) out.push({ k: 'num', v: m[1], at });
    else if (m[2]) out.push({ k: 'name', v: m[2], at });
    else out.push({ k: 'op', v: m[3]!, at });
    i = re.lastIndex;
  }
  out.push({ k: 'end', v: '', at: src.length });
  return out;
}

/** Parses an expression; throws ExpressionError with the position of the first fault. */
export function parseExpression(src: string): Node {
  if (src.length > 2000) throw new ExpressionError('expression too long', 0);
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p]!;
  const expect = (v: string) => {
    const t = toks[p]!;
    if (t.k !== 'op' || t.v !== v)
      throw new ExpressionError(
        t.k === 'end' ? `"${v}" expected at the end` : `"${v}" expected at ${t.at + 1}, found "${t.v}"`,
        t.at,
      );
    p++;
  };
  let depth = 0;
  const compare = (): Node => {
    const l = sum();
    const t = peek();
    if (t.k === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(t.v)) {
      p++;
      return { t: 'bin', op: t.v, l, r: sum() };
    }
    return l;
  };
  const sum = (): Node => {
    let l = product();
    while (peek().k === 'op' && (peek().v === '+' || peek().v === '-'))
      l = { t: 'bin', op: toks[p++]!.v, l, r: product() };
    return l;
  };
  const product = (): Node => {
    let l = unary();
    while (peek().k === 'op' && (peek().v === '*' || peek().v === '/'))
      l = { t: 'bin', op: toks[p++]!.v, l, r: unary() };
    return l;
  };
  const unary = (): Node => {
    if (peek().k === 'op' && peek().v === '-') {
      p++;
      return { t: 'neg', e: unary() };
    }
    return primary();
  };
  const primary = (): Node => {
    const t = toks[p++]!;
    if (++depth > 100) throw new ExpressionError('expression nested too deeply', t.at);
    try {
      if (t.k === 'num') return { t: 'num', v: t.v.endsWith('%') ? Number(t.v.slice(0, -1)) / 100 : Number(t.v) };
      if (t.k === 'name') {
        if (peek().k === 'op' && peek().v === '(') {
          const arity = FUNCTIONS[t.v];
          if (!arity) throw new ExpressionError(`unknown function "${t.v}" at ${t.at + 1}`, t.at);
          p++;
          const args = [compare()];
          while (peek().k === 'op' && peek().v === ',') {
            p++;
            args.push(compare());
          }
          expect(')');
          if (args.length < arity[0] || args.length > arity[1])
            throw new ExpressionError(
              `${t.v}() takes ${arity[0] === arity[1] ? arity[0] : `${arity[0]}–${arity[1]}`} argument(s)`,
              t.at,
            );
          return { t: 'call', fn: t.v, args };
        }
        return { t: 'var', name: t.v };
      }
      if (t.k === 'op' && t.v === '(') {
        const e = compare();
        expect(')');
        return e;
      }
      throw new ExpressionError(
        t.k === 'end' ? 'the expression ends too early' : `unexpected "${t.v}" at ${t.at + 1}`,
        t.at,
      );
    } finally {
      depth--;
    }
  };
  const root = compare();
  if (peek().k !== 'end') throw new ExpressionError(`unexpected "${peek().v}" at ${peek().at + 1}`, peek().at);
  return root;
}

/** The names an expression reads (a table column counts as its full dotted name). */
export function variablesOf(node: Node, into = new Set<string>()): Set<string> {
  if (node.t === 'var') into.add(node.name);
  else if (node.t === 'bin') {
    variablesOf(node.l, into);
    variablesOf(node.r, into);
  } else if (node.t === 'neg') variablesOf(node.e, into);
  else if (node.t === 'call') node.args.forEach((a) => variablesOf(a, into));
  return into;
}

const finite = (v: number): Value => (Number.isFinite(v) ? v : null);

/** Evaluates a parsed expression; unknown names and impossible values give null. */
export function evaluate(node: Node, scope: Scope): Value {
  switch (node.t) {
    case 'num':
      return node.v;
    case 'var': {
      const v = scope[node.name];
      return typeof v === 'number' ? finite(v) : null;
    }
    case 'neg': {
      const v = evaluate(node.e, scope);
      return v === null ? null : -v;
    }
    case 'bin': {
      const l = evaluate(node.l, scope);
      const r = evaluate(node.r, scope);
      if (l === null || r === null) return null;
      switch (node.op) {
        case '+':
          return finite(l + r);
        case '-':
          return finite(l - r);
        case '*':
          return finite(l * r);
        case '/':
          return r === 0 ? null : finite(l / r);
        case '<':
          return l < r ? 1 : 0;
        case '<=':
          return l <= r ? 1 : 0;
        case '>':
          return l > r ? 1 : 0;
        case '>=':
          return l >= r ? 1 : 0;
        case '==':
          return Math.abs(l - r) < 1e-9 ? 1 : 0;
        default:
          return Math.abs(l - r) >= 1e-9 ? 1 : 0;
      }
    }
    case 'call': {
      if (node.fn === 'sum') {
        const a = node.args[0]!;
        const v = a.t === 'var' ? scope[a.name] : undefined;
        if (Array.isArray(v)) return v.reduce<Value>((s, x) => (s === null || x === null ? null : s + x), 0);
        return evaluate(a, scope);
      }
      if (node.fn === 'if') {
        const c = evaluate(node.args[0]!, scope);
        return c === null ? null : evaluate(node.args[c !== 0 ? 1 : 2]!, scope);
      }
      const args = node.args.map((a) => evaluate(a, scope));
      if (args.some((a) => a === null)) return null;
      const n = args as number[];
      if (node.fn === 'min') return Math.min(...n);
      if (node.fn === 'max') return Math.max(...n);
      if (node.fn === 'abs') return Math.abs(n[0]!);
      const f = 10 ** Math.max(0, Math.min(10, Math.trunc(n[1] ?? 0)));
      return Math.round(n[0]! * f) / f;
    }
  }
}

/** Parses and evaluates in one step (for callers that do not keep the tree). */
export const compute = (src: string, scope: Scope): Value => evaluate(parseExpression(src), scope);
