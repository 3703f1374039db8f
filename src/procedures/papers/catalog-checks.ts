/** The checks of a procedure's papers and result kind that the table constraints would answer with a 500. */
import { inArray } from 'drizzle-orm';
import type { Executor, FieldError } from '../../platform/index.js';
import { paperKinds } from './schema.js';
import type { NationalSource, PaperProvision } from './sources.js';

export interface PaperProvisionInput {
  kindCode?: string | null;
  provision?: PaperProvision;
  nationalSource?: NationalSource | null;
}

const err = (field: string, code: string, vi: string, en: string): FieldError => ({ field, code, message: { vi, en } });

export async function paperProvisionErrors(
  ex: Executor,
  papers: PaperProvisionInput[],
  resultKindCode?: string | null,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  papers.forEach((p, i) => {
    if (p.provision === 'national' && !p.nationalSource)
      errors.push(
        err(
          `/body/papers/${i}/nationalSource`,
          'required',
          'Cần chỉ rõ cơ sở dữ liệu quốc gia khai thác.',
          'Name the national database it is taken from.',
        ),
      );
    if (p.provision !== 'national' && p.nationalSource)
      errors.push(
        err(
          `/body/papers/${i}/nationalSource`,
          'not-allowed',
          'Chỉ giấy tờ khai thác từ CSDL quốc gia mới có nguồn này.',
          'Only a paper taken from a national database names one.',
        ),
      );
  });
  const codes = [...new Set([...papers.map((p) => p.kindCode), resultKindCode].filter((c): c is string => Boolean(c)))];
  if (codes.length) {
    const known = new Set(
      (await ex.select({ code: paperKinds.code }).from(paperKinds).where(inArray(paperKinds.code, codes))).map(
        (r) => r.code,
      ),
    );
    papers.forEach((p, i) => {
      if (p.kindCode && !known.has(p.kindCode))
        errors.push(
          err(`/body/papers/${i}/kindCode`, 'unknown-kind', 'Không có loại giấy tờ này.', 'No such kind of paper.'),
        );
    });
    if (resultKindCode && !known.has(resultKindCode))
      errors.push(err('/body/resultKindCode', 'unknown-kind', 'Không có loại giấy tờ này.', 'No such kind of paper.'));
  }
  return errors;
}
