import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A table's frame, scrolling sideways on a narrow screen. While it overflows it is a named region that takes the
 * keyboard focus, so that its hidden columns can be scrolled to without a mouse (WCAG 2.1.1; axe's
 * scrollable-region-focusable); a table that fits adds no tab stop.
 */
export function TableWrap({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setOverflows(el.scrollWidth > el.clientWidth + 1);
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => ro.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className={['tablewrap', className].filter(Boolean).join(' ')}
      {...(overflows ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}
    >
      {children}
    </div>
  );
}
