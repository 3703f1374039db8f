// Messages of the admin pages that are about the administrator's scope (web/src/admin/scope.tsx).
// `vi` is the source of the keys; `en` must name the same keys (checked by the type below).
export const vi = {
  'admin.outOfScope': 'Mục này thuộc cơ quan hoặc địa bàn ngoài phạm vi quản trị của bạn: bạn chỉ xem, không sửa được.',
  'admin.outOfScopeProvince': 'Mục này do quản trị cấp tỉnh quản lý: bạn chỉ xem, không sửa được.',
  'admin.publicProcedure': 'Xem thủ tục như người dân thấy',
} satisfies Record<string, string>;

export const en: Record<keyof typeof vi, string> = {
  'admin.outOfScope':
    'This belongs to an agency or area outside the one you administer: you can view it, not change it.',
  'admin.outOfScopeProvince': 'This is managed by the province’s administrators: you can view it, not change it.',
  'admin.publicProcedure': 'See the procedure as citizens do',
};
