// Messages of the setup area, kept in their own file so each area's texts change apart from the others'.
// `vi` is the source of the keys; `en` in setup.en.ts must name the same keys (checked by its type).
export const vi = {
  'setup.title': 'Cài đặt lần đầu',
  'setup.intro':
    'Chọn tỉnh, thành phố triển khai và tạo tài khoản quản trị đầu tiên. Danh sách xã, phường (mã chính thức từ 1/7/2025) và các cơ quan chuẩn của tỉnh được nạp làm dữ liệu ban đầu; sau đó có thể sửa trong trang quản trị.',
  'setup.done': 'Hệ thống đã được cài đặt',
  'setup.doneText': 'Trang cài đặt lần đầu không còn dùng. Người quản trị đăng nhập để quản lý dữ liệu của tỉnh.',
  'setup.login': 'Đăng nhập',
  'setup.codeLegend': 'Mã cài đặt',
  'setup.code': 'Mã dùng một lần',
  'setup.codeHint': 'Mã in trong cửa sổ dòng lệnh của máy chủ khi khởi động (dạng XXXX-XXXX-XXXX).',
  'setup.provinceLegend': 'Tỉnh, thành phố',
  'setup.province': 'Tỉnh, thành phố (34 đơn vị từ 1/7/2025)',
  'setup.choose': '— Chọn —',
  'setup.communes': '{n} xã, phường',
  'setup.preview':
    'Sẽ nạp {communes} xã, phường với mã chính thức và {agencies} cơ quan (gồm Ủy ban nhân dân của mỗi xã, phường).',
  'setup.agencies': 'Cơ quan cấp tỉnh',
  'setup.communeList': 'Danh sách xã, phường',
  'setup.colCode': 'Mã',
  'setup.colName': 'Tên',
  'setup.colFormed': 'Hình thành từ',
  'setup.part': '(một phần)',
  'setup.adminLegend': 'Người quản trị đầu tiên',
  'setup.adminName': 'Họ và tên',
  'setup.adminLogin': 'Tên đăng nhập',
  'setup.adminEmail': 'Thư điện tử (không bắt buộc)',
  'setup.password': 'Mật khẩu (ít nhất 8 ký tự)',
  'setup.password2': 'Nhập lại mật khẩu',
  'setup.mismatch': 'Hai mật khẩu không khớp.',
  'setup.submit': 'Cài đặt',
  'setup.working': 'Đang cài đặt…',
  'setup.success':
    'Đã cài đặt {province}: {communes} xã, phường và {agencies} cơ quan. Tài khoản quản trị: {username}.',
} satisfies Record<string, string>;
