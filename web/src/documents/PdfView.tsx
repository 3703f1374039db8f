import { useEffect, useRef, useState } from 'react';
import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useT } from '../i18n/index.js';

GlobalWorkerOptions.workerSrc = workerUrl;

/** The document's PDF drawn page by page with pdf.js, fitted to the column's width (phones too). */
export function PdfView({ url, title }: { url: string; title: string }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  useEffect(() => {
    let cancelled = false;
    const el = box.current;
    if (!el) return;
    el.replaceChildren();
    setState('loading');
    const task = getDocument({ url, withCredentials: true, isEvalSupported: false });
    task.promise
      .then(async (pdf) => {
        const width = Math.max(280, el.clientWidth || 600);
        for (let i = 1; i <= Math.min(pdf.numPages, 30) && !cancelled; i++) {
          const page = await pdf.getPage(i);
          const base = page.getViewport({ scale: 1 });
          const viewport = page.getViewport({ scale: (width / base.width) * (window.devicePixelRatio || 1) });
          const canvas = document.createElement('canvas');
          canvas.width = viewport.width;
          canvas.height = viewport.height;
          canvas.style.width = '100%';
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', `${title} — ${t('doc.pdf.page', { n: i })}`);
          el.appendChild(canvas);
          await page.render({ canvas, viewport }).promise;
        }
        if (!cancelled) setState('ready');
      })
      .catch(() => !cancelled && setState('error'));
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [url, title, t]);
  return (
    <div className="doc-pdf" data-testid="doc-pdf" data-state={state}>
      {state === 'loading' && <p className="muted">{t('doc.pdf.loading')}</p>}
      {state === 'error' && (
        <p className="muted">
          {t('doc.pdf.error')} <a href={url}>{t('doc.pdf.download')}</a>
        </p>
      )}
      <div ref={box} />
      {state === 'ready' && (
        <p>
          <a href={url}>{t('doc.pdf.download')}</a>
        </p>
      )}
    </div>
  );
}
