/** The words of papers' provenance, without imports: both the catalog's schema and the papers' use them. */

/** National databases a paper may be taken from instead of uploaded (cơ sở dữ liệu quốc gia, chuyên ngành). */
export const NATIONAL_SOURCES = ['population', 'civil-status', 'business', 'land', 'insurance'] as const;
export type NationalSource = (typeof NATIONAL_SOURCES)[number];

/** How a procedure's paper reaches the dossier: uploaded, only shown at the desk (xuất trình), or taken from a national database. */
export const PAPER_PROVISIONS = ['upload', 'desk', 'national'] as const;
export type PaperProvision = (typeof PAPER_PROVISIONS)[number];

/** Where the paper of one dossier came from, as the officer sees it. */
export const PAPER_SOURCES = ['upload', 'repository', 'desk', 'national', 'identity'] as const;
export type PaperSource = (typeof PAPER_SOURCES)[number];
