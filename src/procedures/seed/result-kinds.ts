/**
 * What each demo procedure issues, as a kind of paper (paper_kinds): the result is kept in the
 * applicant's repository under this kind, and a later procedure asking for the kind takes it from there.
 */
export const RESULT_KINDS: Record<string, string> = {
  '1.001193': 'giay-khai-sinh',
  '1.004884': 'giay-khai-sinh',
  '1.000656': 'trich-luc-khai-tu',
  '1.000894': 'giay-chung-nhan-ket-hon',
  '1.004746': 'giay-xac-nhan-tinh-trang-hon-nhan',
  '2.000815': 'ban-sao-chung-thuc',
  '2.000488': 'phieu-ly-lich-tu-phap',
  '2.000505': 'phieu-ly-lich-tu-phap',
  '2.000720': 'giay-chung-nhan-dang-ky-ho-kinh-doanh',
  '2.001610': 'giay-chung-nhan-dang-ky-doanh-nghiep',
  '1.010028': 'giay-chung-nhan-dang-ky-doanh-nghiep',
  '1.009994': 'giay-phep-xay-dung',
  '1.009995': 'giay-phep-xay-dung',
  '1.009972': 'giay-phep-xay-dung',
  '1.012765': 'giay-chung-nhan-quyen-su-dung-dat',
  '1.001699': 'giay-xac-nhan-khuyet-tat',
  '1.005092': 'van-bang-chung-chi',
};
