import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list's search text and page position, kept in the address (`?q=…&offset=…`) so that a list can be linked to
 * and the back button returns to the same page. The box updates the address 300 ms after the last key stroke, not
 * on each one, and a new search starts again at the first page; other parameters (a list's filters) are kept.
 */
export function useListSearch(delayMs = 300) {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const [text, setText] = useState(q);

  const update = useCallback(
    (changes: Record<string, string>, replace: boolean) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          for (const [k, v] of Object.entries(changes)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace },
      ),
    [setParams],
  );

  // Follow the address when it changes from outside (back button), keeping what is being typed otherwise.
  useEffect(() => setText((cur) => (cur.trim() === q ? cur : q)), [q]);
  useEffect(() => {
    const h = setTimeout(() => {
      if (text.trim() !== q) update({ q: text.trim(), offset: '' }, true);
    }, delayMs);
    return () => clearTimeout(h);
  }, [text, q, update, delayMs]);

  // Turning a page is a step the back button undoes; typing is not.
  const goTo = useCallback((next: number) => update({ offset: next > 0 ? String(next) : '' }, false), [update]);
  return { q, offset, text, setText, goTo, update };
}
