import { describe, expect, it } from 'vitest';
import { renderOfficialForm } from '../platform/pdf/index.js';
import { readPdfText } from './pdf-text.js';

// Taken before pdf.js is first loaded (pdf-text loads it lazily).
const native = { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push };

describe('reading a PDF with pdf.js', () => {
  it('reads the text and leaves the process its own JSON and Array built-ins', async () => {
    const pdf = await renderOfficialForm({
      agency: { name: 'SỞ TƯ PHÁP' },
      place: 'Huế',
      date: new Date('2026-12-01T03:00:00Z'),
      title: 'TỜ TRÌNH',
      blocks: [{ kind: 'paragraph', text: 'Về việc đề nghị phê duyệt kế hoạch chuyển đổi số năm 2027.' }],
    });
    const r = await readPdfText(pdf);
    expect(r.textState).toBe('text');
    expect(r.text).toContain('chuyển đổi số');
    expect(JSON.stringify).toBe(native.stringify);
    expect(JSON.parse).toBe(native.parse);
    expect(Array.prototype.push).toBe(native.push);
  });
});
