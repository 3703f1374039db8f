// Messages of the admin pages that are about the administrator's scope (web/src/admin/scope.tsx).
// `vi` is the source of the keys; `en` in admin.en.ts must name the same keys (checked by its type).
export const vi = {
  'admin.outOfScope': 'Mục này thuộc cơ quan hoặc địa bàn ngoài phạm vi quản trị của bạn: bạn chỉ xem, không sửa được.',
  'admin.outOfScopeProvince': 'Mục này do quản trị cấp tỉnh quản lý: bạn chỉ xem, không sửa được.',
  'admin.publicProcedure': 'Xem thủ tục như người dân thấy',
} satisfies Record<string, string>;
