/**
 * The citizen's online submission with the keyboard alone (issue #15, WCAG 2.1.1 and 2.4.7): Tab, Shift+Tab, Enter,
 * Space and the arrow keys — no mouse, no element.click(). On the way every element that takes the focus must be
 * on screen with a visible focus ring, the form's fields must come in the order they are shown, and the user menu,
 * opened from the keyboard, must give the focus back to its button when Escape closes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './harness.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { pdfBytes } from '../../src/platform/files/test-fixtures.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

interface Focused {
  testId: string | null;
  tag: string;
  text: string;
  top: number;
  left: number;
  onScreen: boolean;
  ring: boolean;
}

/** What has the focus, where it is, and whether its focus indicator shows (an outline or a ring of box-shadow). */
const focused = (page: Page) =>
  page.evaluate((): Focused | null => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
    return {
      testId: el.getAttribute('data-testid'),
      tag: el.tagName.toLowerCase(),
      text: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 200),
      top: r.top + window.scrollY,
      left: r.left + window.scrollX,
      onScreen:
        r.width > 0 &&
        r.height > 0 &&
        r.bottom > 0 &&
        r.top < window.innerHeight &&
        r.right > 0 &&
        r.left < window.innerWidth,
      ring: outline || (cs.boxShadow !== 'none' && cs.boxShadow !== ''),
    };
  });

/** Every stop of the Tab key so far that was off screen or showed no focus ring. */
const faults: string[] = [];

/** Presses Tab (or Shift+Tab) until the focus is on what `want` accepts; checks each stop on the way. */
async function tabTo(
  page: Page,
  want: (f: Focused) => boolean,
  opts: { back?: boolean; max?: number } = {},
): Promise<Focused> {
  for (let i = 0; i < (opts.max ?? 80); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (!f) continue;
    if (!f.onScreen || !f.ring)
      faults.push(
        `${page.url()} ${f.tag}[${f.testId ?? f.text}]: ${f.onScreen ? '' : 'off screen '}${f.ring ? '' : 'no focus ring'}`,
      );
    if (want(f)) return f;
  }
  throw new Error(`Tab never reached the element on ${page.url()}`);
}
const byTestId = (id: string) => (f: Focused) => f.testId === id;

/** Replaces the focused text field's content, as a user would: select all, type. */
async function typeHere(page: Page, text: string) {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describe('keyboard only', () => {
  it('a citizen logs in, finds a procedure, fills the form, attaches the papers and submits, all from the keyboard', async () => {
    const page = await e2e.page({ width: 1280, height: 800 });
    await page.goto('/login');
    // The login page puts the focus in its first field, once the app has taken the prerendered page over.
    await page.locator('#root[data-ready]').waitFor({ state: 'attached' });
    await page.getByTestId('login-username').waitFor();
    await expect(focused(page).then((f) => f?.testId)).resolves.toBe('login-username');
    await page.keyboard.type('congdan');
    await tabTo(page, byTestId('login-password'));
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('user-menu').waitFor();

    // The user menu opens with Enter and, closed with Escape, hands the focus back to its button.
    await page.goto('/');
    await page.getByTestId('procedure-list').waitFor();
    // The first stop is the skip link, shown when focused.
    const skip = await tabTo(page, () => true);
    expect(skip.tag).toBe('a');
    await tabTo(page, byTestId('user-menu'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('logout').isVisible()).resolves.toBe(true);
    await tabTo(page, byTestId('logout'));
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('logout').isVisible()).resolves.toBe(false);
    await expect(focused(page).then((f) => f?.testId)).resolves.toBe('user-menu');

    // Search from the home page, open the procedure from the results.
    await tabTo(page, byTestId('procedure-search'));
    await page.keyboard.type('phieu ly lich tu phap cong dan');
    await page.keyboard.press('Enter');
    await page
      .getByTestId('procedure-list')
      .getByRole('link', { name: /cư trú tại Việt Nam/ })
      .first()
      .waitFor();
    await tabTo(page, (f) => f.tag === 'a' && /cư trú tại Việt Nam/.test(f.text));
    await page.keyboard.press('Enter');
    await page.getByTestId('procedure-detail').waitFor();
    await tabTo(page, byTestId('procedure-submit'));
    await page.keyboard.press('Enter');
    await page.getByTestId('submit-step-form').waitFor();

    // The form: walked with Tab in the order it is shown, each field filled where the focus lands.
    const typed: Record<string, string> = {
      'form-applicantIdNumber': '046090001234',
      'form-applicantAddress': '12 Lê Lợi, phường Thuận Hóa, thành phố Huế',
      'form-applicantPhone': '0912345678',
      'form-copies': '1',
      'form-purpose': 'Bổ sung hồ sơ xin việc',
    };
    const reached: string[] = [];
    let last: Focused | null = null;
    for (;;) {
      const f = await tabTo(
        page,
        (x) =>
          !!x.testId &&
          (x.testId.startsWith('form-') || x.testId === 'submit-next' || x.testId.startsWith('receive-at-')),
      );
      if (last && f.testId !== 'submit-next')
        expect(f.top, `${f.testId} comes after ${last.testId} on screen`).toBeGreaterThanOrEqual(last.top - 2);
      last = f;
      if (f.testId === 'submit-next') break;
      reached.push(f.testId!);
      if (typed[f.testId!] !== undefined) await typeHere(page, typed[f.testId!]!);
      // Day and month alike: the same keys whether Chromium shows dd/mm/yyyy or mm/dd/yyyy.
      else if (f.testId === 'form-birthDate') await page.keyboard.type('05051990');
      else if (f.testId === 'form-slipKind') await page.keyboard.press('ArrowDown');
    }
    for (const id of [...Object.keys(typed), 'form-applicantName', 'form-birthDate', 'form-slipKind'])
      expect(reached).toContain(id);
    await expect(page.getByTestId('form-birthDate').inputValue()).resolves.toBe('1990-05-05');
    await expect(page.getByTestId('form-slipKind').inputValue()).resolves.not.toBe('');
    await page.keyboard.press('Enter');

    // Papers: a file input opens the file chooser with Space; the chosen file is uploaded.
    await page.getByTestId('submit-step-papers').waitFor();
    for (const n of [1, 2]) {
      // Listen before moving the focus: Playwright turns on the interception of file choosers when the listener is
      // added, asynchronously; added in the same breath as the key press, the native chooser could win the race (as
      // it did once in CI) and no event would come.
      const chosen = page.waitForEvent('filechooser');
      await tabTo(page, byTestId(`paper-${n}`));
      await page.keyboard.press('Space');
      const chooser = await chosen;
      await chooser.setFiles({
        name: `giay-to-${n}.pdf`,
        mimeType: 'application/pdf',
        buffer: pdfBytes(`giấy tờ ${n}`),
      });
      await page.getByTestId(`paper-${n}-files`).getByText(`giay-to-${n}.pdf`).waitFor();
    }
    await tabTo(page, byTestId('submit-next'));
    await page.keyboard.press('Enter');

    // Review, then back one step with Shift+Tab to "Back" and forward again, then send.
    await page.getByTestId('submit-review').waitFor();
    await tabTo(page, byTestId('submit-send'));
    await tabTo(page, byTestId('submit-back'), { back: true });
    await page.keyboard.press('Space');
    await page.getByTestId('submit-step-papers').waitFor();
    await tabTo(page, byTestId('submit-next'));
    await page.keyboard.press('Enter');
    await page.getByTestId('submit-review').waitFor();
    await tabTo(page, byTestId('submit-send'));
    await page.keyboard.press('Enter');
    await page.getByTestId('submitted-notice').waitFor();
    await expect(page.getByTestId('dossier-code').textContent()).resolves.toMatch(/^[0-9A-Z.]+-\d{6}-\d{4}$/);

    expect(faults).toEqual([]);
    // Nothing jumps the Tab order.
    await expect(page.locator('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])').count()).resolves.toBe(0);
    await page.context().close();
  });
});
