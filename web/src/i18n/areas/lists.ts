// Messages of the shared list (web/src/components/DataList.tsx): the pager and the loading table.
// `vi` is the source of the keys; `en` in lists.en.ts must name the same keys (checked by its type).
export const vi = {
  'list.pager': 'Phân trang: {label}',
  'list.page': 'Trang {page} / {pages}',
  'list.range': '{from}–{to} trên {total}',
  'list.rangeMore': '{from}–{to} trên hơn {total}',
  'list.previous': 'Trang trước',
  'list.next': 'Trang sau',
  'list.loading': 'Đang tải danh sách {label}…',
} satisfies Record<string, string>;
