// Messages of the portal area, kept in their own file so each area's texts change apart from the others'.
// `vi` is the source of the keys; `en` in portal.en.ts must name the same keys (checked by its type).
export const vi = {
  // Maps: the place search above a map where a point is picked (components/map/PlaceSearch.tsx).
  'map.search.label': 'Tìm xã, phường',
  'map.search.labelAddress': 'Tìm xã, phường hoặc địa chỉ',
  'map.search.placeholder': 'Tên xã, phường…',
  'map.search.placeholderAddress': 'Tên xã, phường hoặc địa chỉ…',
  'map.search.submit': 'Tìm trên bản đồ',
  'map.search.none': 'Không tìm thấy nơi nào như vậy.',
  'map.search.failed': 'Không tra được địa chỉ lúc này; hãy tìm theo tên xã, phường hoặc chọn trên bản đồ.',
  'map.search.commune': 'Xã, phường',
  'map.search.address': 'Địa chỉ',
  'procedures.facts': 'Thông tin thủ tục',
  // The public reports list, drawn a page at a time (portal/ReportsPage.tsx).
  'feedback.more': 'Xem thêm {n} phản ánh',
} satisfies Record<string, string>;
