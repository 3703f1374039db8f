import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { problems } from '../../platform/index.js';
import { addDocumentFile, storeGeneratedPdf } from '../files.js';
import { renderIssuedPdf } from '../layout.js';
import {
  allocateNumber,
  formatNumberSymbol,
  issuerInfo,
  registerFor,
  useReservedNumber,
  vietnamDate,
  vietnamYear,
} from '../numbering.js';
import { documentRegisters } from '../schema.js';
import { defineAction, staff } from './base.js';

/**
 * Cấp số: the clerk gives the approved document its number and date and the final PDF is laid out
 * (Nghị định 30/2020 appendix I) — in one transaction, before any signature. The register row stays
 * locked until the commit, so concurrent numbering waits in line; a failure anywhere (rendering, storing)
 * rolls the counter back with everything else: no number is skipped, none given twice, and every
 * signature applied afterwards covers the number and date.
 * `reservedNumber` uses a number taken earlier by hand (lấy số trước) in this year's register.
 */
export const numberDocument = defineAction<{ reservedNumber?: number }>({
  name: 'number',
  label: { vi: 'Cấp số', en: 'Number' },
  direction: 'outgoing',
  from: ['approved'],
  performers: [staff('documents.issue')],
  body: Type.Object(
    { reservedNumber: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) },
    { additionalProperties: false },
  ),
  async run({ tx, document: d, input, now, principal, files }) {
    const info = await issuerInfo(tx, d.agencyId, d.typeCode, d.draftingUnitId);
    let registerId: string;
    let number: number;
    if (input.reservedNumber) {
      const reg = await registerFor(tx, {
        agencyId: d.agencyId,
        direction: 'outgoing',
        typeCode: d.typeCode,
        year: vietnamYear(now),
      });
      await useReservedNumber(tx, reg.id, input.reservedNumber, d.id, now);
      registerId = reg.id;
      number = input.reservedNumber;
    } else {
      ({ registerId, number } = await allocateNumber(tx, {
        agencyId: d.agencyId,
        direction: 'outgoing',
        typeCode: d.typeCode,
        at: now,
        documentId: d.id,
      }));
    }
    const [reg] = await tx
      .select({ year: documentRegisters.year })
      .from(documentRegisters)
      .where(eq(documentRegisters.id, registerId));
    if (!reg) throw problems.internal();
    const numberSymbol = formatNumberSymbol(number, {
      typeCode: d.typeCode,
      letter: info.letter,
      agencyAbbr: info.abbreviation,
      unitAbbr: info.unitAbbr,
    });
    const { pdf, layout } = await renderIssuedPdf({
      agency: { parent: info.parentName, name: info.agencyName },
      numberSymbol,
      place: info.place,
      date: now,
      typeName: info.letter ? null : info.typeName,
      summary: d.summary,
      body: d.body ?? '',
      recipients: d.recipients,
      keptBy: info.unitAbbr,
      signer: { capacity: d.signerCapacity, title: d.signerTitle, name: d.signerName },
      urgency: d.urgency,
      confidentiality: d.confidentiality,
    });
    const sha = await storeGeneratedPdf(tx, files, pdf, principal.accountId, `${numberSymbol.replace(/\//g, '-')}.pdf`);
    await addDocumentFile(tx, {
      documentId: d.id,
      sha256: sha,
      role: 'numbered',
      name: `${numberSymbol}.pdf`,
      pages: layout.pageCount,
      textState: 'text',
      addedBy: principal.accountId,
      at: now,
    });
    return {
      to: 'numbered',
      set: {
        registerId,
        number,
        numberSymbol,
        issueDate: vietnamDate(now),
        numberedAt: now,
        pdfSha256: sha,
        layout,
        textState: 'text',
        content: `${d.summary}\n${d.body ?? ''}`.slice(0, 100_000),
      },
      details: {
        numberSymbol,
        registerId,
        number,
        year: reg.year,
        ...(input.reservedNumber ? { reserved: true } : {}),
        sha256: sha,
      },
    };
  },
});
