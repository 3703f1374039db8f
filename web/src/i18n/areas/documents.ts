// Messages of the documents area, kept in their own file so each area's texts change apart from the others'.
// `vi` is the source of the keys; `en` must name the same keys (checked by the type below).
export const vi = {} satisfies Record<string, string>;

export const en: Record<keyof typeof vi, string> = {};
