import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TYPES, allowedAs, refineType, sniffHead, xmlKind, zipEntryNames } from './sniff.js';
import {
  docxBytes,
  exeBytes,
  jpegBytes,
  pdfBytes,
  pngBytes,
  webpBytes,
  xlsxBytes,
  xmlBytes,
  zipBytes,
} from './test-fixtures.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinhso-sniff-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const onDisk = (name: string, b: Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, b);
  return p;
};

describe('content sniffing', () => {
  it('recognises each accepted type from its first bytes', () => {
    expect(sniffHead(pdfBytes())).toBe(TYPES.pdf);
    expect(sniffHead(jpegBytes())).toBe(TYPES.jpeg);
    expect(sniffHead(pngBytes())).toBe(TYPES.png);
    expect(sniffHead(webpBytes())).toBe(TYPES.webp);
    expect(sniffHead(xmlBytes())).toBe(TYPES.xml);
    expect(sniffHead(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), xmlBytes()]))).toBe(TYPES.xml);
    expect(sniffHead(docxBytes())).toBe(TYPES.zip);
  });

  it('recognises nothing in a Windows program, HTML, plain text or an empty file', () => {
    expect(sniffHead(exeBytes())).toBeNull();
    expect(sniffHead(Buffer.from('<html><script>alert(1)</script></html>'))).toBeNull();
    expect(sniffHead(Buffer.from('just some text'))).toBeNull();
    expect(sniffHead(Buffer.alloc(0))).toBeNull();
    // RIFF that is not WebP (a WAV file)
    expect(sniffHead(Buffer.from('RIFF\x24\0\0\0WAVEfmt ', 'latin1'))).toBeNull();
  });

  it('tells Word and Excel documents from plain ZIP archives by their entries', async () => {
    expect(await zipEntryNames(onDisk('a.docx', docxBytes()))).toContain('word/document.xml');
    expect(await refineType(TYPES.zip, onDisk('b.docx', docxBytes()))).toBe(TYPES.docx);
    expect(await refineType(TYPES.zip, onDisk('c.xlsx', xlsxBytes()))).toBe(TYPES.xlsx);
    expect(await refineType(TYPES.zip, onDisk('d.zip', zipBytes({ 'a.txt': 'x' })))).toBe(TYPES.zip);
    // A truncated archive is still a ZIP by its head, but never an office document.
    expect(await refineType(TYPES.zip, onDisk('e.zip', docxBytes().subarray(0, 40)))).toBe(TYPES.zip);
  });

  it('accepts XML under text/xml when only that name is allowed', () => {
    expect(allowedAs(TYPES.xml, ['text/xml'])).toBe('text/xml');
    expect(allowedAs(TYPES.xml, ['application/xml', 'text/xml'])).toBe('application/xml');
    expect(allowedAs(TYPES.pdf, ['image/png'])).toBeNull();
  });

  it('tells plain XML from XML a browser would run: SVG, XHTML, script, a stylesheet, entity declarations', () => {
    const x = (body: string) => xmlKind(Buffer.from(`<?xml version="1.0"?>\n${body}`));
    expect(xmlKind(xmlBytes())).toBe(TYPES.xml);
    expect(x('<hoSo><moTa>script và svg là chữ thường trong văn bản</moTa></hoSo>')).toBe(TYPES.xml);
    expect(x('<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>')).toBe(TYPES.svg);
    expect(x('<a><b:svg xmlns:b="urn:x"/></a>')).toBe(TYPES.svg);
    expect(x('<hoSo><script>alert(1)</script></hoSo>')).toBe(TYPES.xhtml);
    expect(x('<hoSo xmlns:h="http://www.w3.org/1999/xhtml"><h:img src="x" onerror="alert(1)"/></hoSo>')).toBe(
      TYPES.xhtml,
    );
    expect(x('<?xml-stylesheet type="text/xsl" href="evil.xsl"?><hoSo/>')).toBe(TYPES.xhtml);
    expect(x('<!DOCTYPE a [<!ENTITY lol "lol">]><a>&lol;</a>')).toBe(TYPES.dtd);
    // UTF-16 with its byte-order mark hides nothing.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0"?><svg/>', 'utf16le')]);
    expect(xmlKind(utf16)).toBe(TYPES.svg);
  });
});
