/**
 * Numbering (cấp số) under Nghị định 30/2020 art. 15: per register, in order of issue within the year,
 * from 01 on 1 January. The counter is a column of the register row, incremented by an UPDATE that
 * takes the row's lock until the caller's transaction ends: concurrent issues wait in line, and a
 * transaction that fails gives its number back (rolled back with it), so there is neither a gap nor a
 * duplicate. Every number given is also a register line (document_numbers), whose key forbids a repeat.
 */
import { and, eq, sql } from 'drizzle-orm';
import { problems, type Tx } from '../platform/index.js';
import { agencies } from '../directory/index.js';
import {
  documentAgencySettings,
  documentNumbers,
  documentRegisters,
  documentTypes,
  type DocumentRegister,
} from './schema.js';
import type { Direction } from './statuses.js';

const VN_OFFSET_MS = 7 * 3600_000;

/** The Vietnam calendar year of an instant (a document issued at 23:30 UTC on 31 December is next year's). */
export const vietnamYear = (at: Date): number => new Date(at.getTime() + VN_OFFSET_MS).getUTCFullYear();

/** The Vietnam date (YYYY-MM-DD) of an instant. */
export const vietnamDate = (at: Date): string => new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);

export const registerName = (direction: Direction, year: number) =>
  direction === 'incoming' ? `Sổ văn bản đến năm ${year}` : `Sổ văn bản đi năm ${year}`;

/**
 * The register a document of this type goes to in that year: one whose type list names the type
 * (e.g. a register of its own for decisions), else the general one, created on first use.
 */
export async function registerFor(
  tx: Tx,
  at: { agencyId: string; direction: Direction; typeCode: string; year: number },
): Promise<DocumentRegister> {
  const rows = await tx
    .select()
    .from(documentRegisters)
    .where(
      and(
        eq(documentRegisters.agencyId, at.agencyId),
        eq(documentRegisters.direction, at.direction),
        eq(documentRegisters.year, at.year),
      ),
    );
  const own = rows.find((r) => r.typeCodes?.includes(at.typeCode));
  if (own) return own;
  const general = rows.find((r) => r.series === 'general');
  if (general) return general;
  await tx
    .insert(documentRegisters)
    .values({
      agencyId: at.agencyId,
      direction: at.direction,
      year: at.year,
      series: 'general',
      name: registerName(at.direction, at.year),
    })
    .onConflictDoNothing();
  const [created] = await tx
    .select()
    .from(documentRegisters)
    .where(
      and(
        eq(documentRegisters.agencyId, at.agencyId),
        eq(documentRegisters.direction, at.direction),
        eq(documentRegisters.year, at.year),
        eq(documentRegisters.series, 'general'),
      ),
    );
  return created!;
}

export interface Allocated {
  registerId: string;
  number: number;
  year: number;
}

/** Takes the next number of the register (locking it until the transaction ends) and writes its line. */
export async function nextNumber(
  tx: Tx,
  registerId: string,
  line: { documentId: string | null; reservedBy?: string | null; reason?: string | null; at: Date },
): Promise<number> {
  const [r] = await tx
    .update(documentRegisters)
    .set({ lastNumber: sql`${documentRegisters.lastNumber} + 1` })
    .where(eq(documentRegisters.id, registerId))
    .returning({ n: documentRegisters.lastNumber });
  if (!r) throw problems.notFound({ vi: 'sổ văn bản', en: 'Register' }, { code: 'register-not-found' });
  await tx.insert(documentNumbers).values({
    registerId,
    number: r.n,
    documentId: line.documentId,
    reservedBy: line.reservedBy ?? null,
    reason: line.reason ?? null,
    allocatedAt: line.at,
    usedAt: line.documentId ? line.at : null,
  });
  return r.n;
}

/** Allocates a document's number in its register for the year of `at`. Call only inside the transaction that records its use. */
export async function allocateNumber(
  tx: Tx,
  opts: { agencyId: string; direction: Direction; typeCode: string; at: Date; documentId: string },
): Promise<Allocated> {
  const year = vietnamYear(opts.at);
  const reg = await registerFor(tx, {
    agencyId: opts.agencyId,
    direction: opts.direction,
    typeCode: opts.typeCode,
    year,
  });
  const number = await nextNumber(tx, reg.id, { documentId: opts.documentId, at: opts.at });
  return { registerId: reg.id, number, year };
}

/**
 * Uses a number reserved by hand (lấy số trước) for a document: the line must exist, be reserved and
 * unused; a number already used is refused (409) and nothing changes.
 */
export async function useReservedNumber(
  tx: Tx,
  registerId: string,
  number: number,
  documentId: string,
  at: Date,
): Promise<void> {
  const [line] = await tx
    .select()
    .from(documentNumbers)
    .where(and(eq(documentNumbers.registerId, registerId), eq(documentNumbers.number, number)))
    .for('update');
  if (!line || !line.reservedBy) {
    throw problems.conflict(
      {
        vi: `Số ${number} không phải là số đã lấy trước trong sổ này.`,
        en: `Number ${number} was not reserved in this register.`,
      },
      { code: 'number-not-reserved' },
    );
  }
  if (line.documentId) {
    throw problems.conflict(
      {
        vi: `Số ${number} đã được dùng cho văn bản khác.`,
        en: `Number ${number} is already used by another document.`,
      },
      { code: 'number-used' },
    );
  }
  await tx
    .update(documentNumbers)
    .set({ documentId, usedAt: at })
    .where(and(eq(documentNumbers.registerId, registerId), eq(documentNumbers.number, number)));
}

/** Numbers below 10 take a leading zero (Nghị định 30/2020 appendix I: "01", "02" …). */
export const printedNumber = (n: number) => String(n).padStart(2, '0');

/**
 * Số, ký hiệu: `12/QĐ-UBND` for a named type (number / type abbreviation - agency abbreviation);
 * `345/UBND-VP` for an official letter (number / agency - drafting unit).
 */
export function formatNumberSymbol(
  n: number | null,
  symbol: { typeCode: string; letter: boolean; agencyAbbr: string; unitAbbr?: string | null },
): string {
  const tail = symbol.letter
    ? [symbol.agencyAbbr, symbol.unitAbbr].filter(Boolean).join('-')
    : `${symbol.typeCode}-${symbol.agencyAbbr}`;
  return `${n === null ? '      ' : printedNumber(n)}/${tail}`;
}

export interface IssuerInfo {
  agencyName: string;
  parentName: string | null;
  abbreviation: string;
  place: string;
  unitAbbr: string | null;
  typeName: string;
  letter: boolean;
}

/** What the symbol and the header of an agency's document need, from its settings (or its directory entry). */
export async function issuerInfo(
  ex: Tx,
  agencyId: string,
  typeCode: string,
  draftingUnitId: string | null,
): Promise<IssuerInfo> {
  const [a] = await ex.select().from(agencies).where(eq(agencies.id, agencyId));
  if (!a) throw problems.notFound({ vi: 'cơ quan', en: 'Agency' }, { code: 'agency-not-found' });
  const [s] = await ex.select().from(documentAgencySettings).where(eq(documentAgencySettings.agencyId, agencyId));
  const [t] = await ex.select().from(documentTypes).where(eq(documentTypes.code, typeCode));
  let unitAbbr: string | null = null;
  if (draftingUnitId && draftingUnitId !== agencyId) {
    const [u] = await ex
      .select()
      .from(documentAgencySettings)
      .where(eq(documentAgencySettings.agencyId, draftingUnitId));
    const [ua] = await ex.select().from(agencies).where(eq(agencies.id, draftingUnitId));
    unitAbbr = u?.abbreviation ?? ua?.shortName ?? null;
  }
  return {
    agencyName: a.name,
    parentName: s?.parentName ?? null,
    abbreviation: s?.abbreviation ?? a.shortName ?? a.code,
    place: s?.place ?? 'Huế',
    unitAbbr,
    typeName: t?.name ?? typeCode,
    letter: t?.letter ?? false,
  };
}
