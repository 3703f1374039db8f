import { describe, expect, it } from 'vitest';
import { xmlDocument, xmlList } from './xml.js';

describe('GeoReport XML', () => {
  it('writes a list with a declaration, escaped text and empty elements for missing values', () => {
    expect(xmlList('services', 'service', [{ service_code: 'a&b', service_name: 'Rác <thải>', group: null }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<services><service><service_code>a&amp;b</service_code><service_name>Rác &lt;thải&gt;</service_name><group/></service></services>\n',
    );
  });
  it('nests lists as repeated child elements', () => {
    expect(xmlDocument('service_definition', { service_code: 'x', attributes: [] })).toContain(
      '<service_definition><service_code>x</service_code><attributes/></service_definition>',
    );
    expect(xmlDocument('d', { attributes: [{ code: 1 }, { code: 2 }] })).toContain(
      '<attributes><attribute><code>1</code></attribute><attribute><code>2</code></attribute></attributes>',
    );
  });
  it('drops characters XML cannot carry', () => {
    expect(xmlList('errors', 'error', [{ description: 'a\u0001b' }])).toContain('<description>ab</description>');
  });
});
