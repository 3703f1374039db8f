/**
 * The standard agencies of a province under the 2025 structure, loaded as editable starting data when a province is
 * set up: the provincial People's Committee (Ủy ban nhân dân), its Office and the public administration service centre
 * (Trung tâm Phục vụ hành chính công, Nghị định 118/2025/NĐ-CP), the specialised departments (sở) that Nghị định
 * 45/2025/NĐ-CP gives every province, and each commune's People's Committee. A province with a different set (a Sở
 * Ngoại vụ, a Sở Du lịch…) edits the list in the admin pages.
 *
 * Codes: the electronic identifiers (mã định danh điện tử, Quyết định 20/2020/QĐ-TTg) are issued by each province and
 * are not in any public dataset we could ship; the codes below (`{province}.UBND`, `{commune}.UBND`…) are provisional
 * keys the administrator replaces with the official identifiers. They never look like an official identifier.
 */
import type { AgencyLevel } from '../schema.js';

export interface StandardAgency {
  /** Short stable handle (the same handles as the demo: UBND, VP, TTHCC, STP…). */
  key: string;
  name: (province: string) => string;
  shortName: string;
  level: AgencyLevel;
  parentKey?: string;
}

export const PROVINCE_AGENCIES: StandardAgency[] = [
  { key: 'UBND', name: (p) => `Ủy ban nhân dân ${p}`, shortName: 'UBND', level: 'province' },
  {
    key: 'VP',
    name: (p) => `Văn phòng Ủy ban nhân dân ${p}`,
    shortName: 'Văn phòng UBND',
    level: 'department',
    parentKey: 'UBND',
  },
  {
    key: 'TTHCC',
    name: (p) => `Trung tâm Phục vụ hành chính công ${p}`,
    shortName: 'Trung tâm PVHCC',
    level: 'unit',
    parentKey: 'VP',
  },
  { key: 'SNV', name: (p) => `Sở Nội vụ ${p}`, shortName: 'Sở Nội vụ', level: 'department', parentKey: 'UBND' },
  { key: 'STP', name: (p) => `Sở Tư pháp ${p}`, shortName: 'Sở Tư pháp', level: 'department', parentKey: 'UBND' },
  { key: 'STC', name: (p) => `Sở Tài chính ${p}`, shortName: 'Sở Tài chính', level: 'department', parentKey: 'UBND' },
  {
    key: 'SCT',
    name: (p) => `Sở Công Thương ${p}`,
    shortName: 'Sở Công Thương',
    level: 'department',
    parentKey: 'UBND',
  },
  {
    key: 'SNNMT',
    name: (p) => `Sở Nông nghiệp và Môi trường ${p}`,
    shortName: 'Sở NN&MT',
    level: 'department',
    parentKey: 'UBND',
  },
  { key: 'SXD', name: (p) => `Sở Xây dựng ${p}`, shortName: 'Sở Xây dựng', level: 'department', parentKey: 'UBND' },
  {
    key: 'SKHCN',
    name: (p) => `Sở Khoa học và Công nghệ ${p}`,
    shortName: 'Sở KH&CN',
    level: 'department',
    parentKey: 'UBND',
  },
  {
    key: 'SGDDT',
    name: (p) => `Sở Giáo dục và Đào tạo ${p}`,
    shortName: 'Sở GD&ĐT',
    level: 'department',
    parentKey: 'UBND',
  },
  { key: 'SYT', name: (p) => `Sở Y tế ${p}`, shortName: 'Sở Y tế', level: 'department', parentKey: 'UBND' },
  {
    key: 'SVHTTDL',
    name: (p) => `Sở Văn hóa, Thể thao và Du lịch ${p}`,
    shortName: 'Sở VH,TT&DL',
    level: 'department',
    parentKey: 'UBND',
  },
  {
    key: 'SDTTG',
    name: (p) => `Sở Dân tộc và Tôn giáo ${p}`,
    shortName: 'Sở DT&TG',
    level: 'department',
    parentKey: 'UBND',
  },
  { key: 'TTR', name: (p) => `Thanh tra ${p}`, shortName: 'Thanh tra tỉnh', level: 'department', parentKey: 'UBND' },
];

/** Provisional code of a provincial agency (see the file's comment). */
export const provisionalCode = (scopeCode: string, key: string) => `${scopeCode}.${key}`;
