// Messages of the shared list (web/src/components/DataList.tsx): the pager and the loading table.
// `vi` is the source of the keys; `en` must name the same keys (checked by the type below).
export const vi = {
  'list.pager': 'Phân trang: {label}',
  'list.page': 'Trang {page} / {pages}',
  'list.range': '{from}–{to} trên {total}',
  'list.rangeMore': '{from}–{to} trên hơn {total}',
  'list.previous': 'Trang trước',
  'list.next': 'Trang sau',
  'list.loading': 'Đang tải danh sách {label}…',
} satisfies Record<string, string>;

export const en: Record<keyof typeof vi, string> = {
  'list.pager': 'Pages: {label}',
  'list.page': 'Page {page} / {pages}',
  'list.range': '{from}–{to} of {total}',
  'list.rangeMore': '{from}–{to} of more than {total}',
  'list.previous': 'Previous page',
  'list.next': 'Next page',
  'list.loading': 'Loading {label}…',
};
