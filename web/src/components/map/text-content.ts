/**
 * Leaflet renders a string given to a tooltip or popup as HTML. Names come from data anyone may
 * influence (a category, a unit's name, a report's label), so they go in as a text node instead:
 * the browser shows `<b>` as two characters, never as markup.
 */
export function textContent(text: string, tag: keyof HTMLElementTagNameMap = 'span'): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}
