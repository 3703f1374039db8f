/**
 * What a reader did on a prerendered page before the app owned it (kept by web/early-input.js), handed to the app
 * once it does: the fields typed into tell React their values (text, selects, checkboxes and radio buttons), and a form
 * sent then is sent again, now to the app.
 * Without this, what was typed stayed on the screen while the app's state held the empty value, and the login form
 * sent an empty name.
 */
interface Early {
  typed: EventTarget[];
  submitted: EventTarget | null;
}

/** Sets a field's value past React's own setter, so that the input event that follows is seen as a change. */
function setNative(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value')?.set?.call(el, value);
}

export function handOverEarlyInput(win: Window & { __tinhsoEarly?: Early } = window): void {
  const early = win.__tinhsoEarly;
  if (!early) return;
  win.__tinhsoEarly = undefined;
  for (const el of early.typed) {
    if (
      !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) ||
      !el.isConnected
    )
      continue;
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
      // Of a group of radio buttons clicked in turn, only the one chosen last is handed over.
      if (el.type === 'radio' && !el.checked) continue;
      // React hears a checkbox or a radio button through its click: the box is set back to the other state, then
      // clicked, which sets it to the reader's choice as a change React sees. Left alone, the app's next render
      // would quietly set it back to the app's state (unticked), undoing the reader's tick.
      const chosen = el.checked;
      el.checked = !chosen;
      el.click();
      continue;
    }
    // A file chosen cannot be set again by a script; the reader chooses it again.
    if (el instanceof HTMLInputElement && el.type === 'file') continue;
    const typed = el.value;
    // React may already hold the typed value as the field's last known one; a step through the empty value makes
    // the typed one a change either way.
    const event = el instanceof HTMLSelectElement ? 'change' : 'input';
    setNative(el, '');
    el.dispatchEvent(new Event(event, { bubbles: true }));
    setNative(el, typed);
    el.dispatchEvent(new Event(event, { bubbles: true }));
  }
  // Sent once React has drawn the typed values: the form's handler reads them from the state of its last render.
  const form = early.submitted;
  if (form instanceof HTMLFormElement)
    setTimeout(() => {
      if (form.isConnected) form.requestSubmit();
    }, 0);
}
