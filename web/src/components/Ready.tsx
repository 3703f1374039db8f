import { useEffect } from 'react';
import { handOverEarlyInput } from '../early-input.js';

/**
 * Marks the page as the app's once React has drawn it or taken the prerendered markup over (`data-ready` on #root),
 * and hands it what the reader typed or sent before (early-input.ts): until then a prerendered form is markup only.
 * It sits in the shell's Suspense boundary beside the page, so that its effect runs once the page itself is the
 * app's: a page loads as its own chunk, and its boundary is taken over only when that chunk has arrived.
 * The browser tests wait for the mark before they type, to test the app rather than the hand-over.
 */
export function Ready() {
  useEffect(() => {
    document.getElementById('root')!.dataset.ready = 'true';
    handOverEarlyInput();
  }, []);
  return null;
}
