/** Just enough XML for GeoReport v2: flat elements, UTF-8, escaped text. */
export type Scalar = string | number | boolean | null | undefined;
export type XmlValue = Scalar | XmlValue[] | { [k: string]: XmlValue };

const escape = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
// Characters XML 1.0 cannot carry at all are dropped rather than breaking the document.
// eslint-disable-next-line no-control-regex
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

function element(name: string, v: XmlValue): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return `<${name}/>`;
  if (Array.isArray(v)) return `<${name}>${v.map((x) => element(itemName(name), x)).join('')}</${name}>`;
  if (typeof v === 'object')
    return `<${name}>${Object.entries(v)
      .map(([k, x]) => element(k, x))
      .join('')}</${name}>`;
  return `<${name}>${escape(clean(String(v)))}</${name}>`;
}

/** The element name of a list's items: services → service, attributes → attribute, errors → error… */
const itemName = (list: string) =>
  list === 'service_requests' ? 'request' : list.endsWith('s') ? list.slice(0, -1) : `${list}_item`;

/** `<root><item>…</item>…</root>` with the XML declaration. */
export function xmlList(root: string, item: string, items: Record<string, XmlValue>[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${items.map((i) => element(item, i)).join('')}</${root}>\n`;
}

export function xmlDocument(root: string, body: Record<string, XmlValue>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, body)}\n`;
}
