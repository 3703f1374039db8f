// Reference and demo seed data for administrative units (đơn vị hành chính) and Huế's agencies (cơ quan).
// The JSON files are the source; this file only gives them types. What is official and what is demo: SOURCES.md.
import provinces63Json from './provinces-63.json' with { type: 'json' };
import provinces34Json from './provinces-34.json' with { type: 'json' };
import hueUnitsJson from './hue-units.json' with { type: 'json' };
import hueAgenciesJson from './hue-agencies.json' with { type: 'json' };

/** Provincial level: centrally-run city (thành phố trực thuộc trung ương) or province (tỉnh). */
export type ProvinceType = 'thanh_pho_trung_uong' | 'tinh';
/** District level, which existed until 30 June 2025. */
export type DistrictType = 'quan' | 'thi_xa' | 'huyen' | 'thanh_pho_thuoc_tinh';
/** Commune level. */
export type CommuneType = 'phuong' | 'xa' | 'thi_tran' | 'dac_khu';

/** One of the 63 provincial units as on 30 June 2025; `code` is the 2-digit GSO code. */
export interface Province63 {
  code: string;
  name: string;
  type: ProvinceType;
  nameEn?: string;
  formerNames?: string[];
  note?: string;
}

/** One of the 34 provincial units from 1 July 2025 (Nghị quyết 202/2025/QH15). */
export interface Province34 {
  code: string;
  name: string;
  type: ProvinceType;
  nameEn?: string;
  /** Codes of the units in `provinces-63.json` it was formed from. */
  formedFrom: string[];
  /** The former province whose centre hosts the seat (trung tâm hành chính – chính trị). */
  seat?: string;
  note?: string;
}

export interface UnitRef {
  code: string;
  name: string;
  type: ProvinceType;
  formerNames?: string[];
}

/** A commune-level unit as on 30 June 2025. */
export interface CommuneBefore2025 {
  /** 5-digit GSO code, or a synthetic `D…` code when `demo` is set and the real one is unknown. */
  code: string;
  name: string;
  type: CommuneType;
  /** Code of the unit in `after2025.units` it became part of on 1 July 2025. */
  mergedInto: string;
  /** When the real code is one of several known codes. */
  candidateCodes?: string[];
  demo?: true;
  note?: string;
}

export interface DistrictBefore2025 {
  /** 3-digit GSO code. */
  code: string;
  name: string;
  type: DistrictType;
  /** Present only for the districts whose communes are listed. */
  communes?: CommuneBefore2025[];
  demo?: true;
  note?: string;
}

export interface UnitHistoryEvent {
  /** ISO date the change took effect. */
  date: string;
  event: string;
  basis: string[];
  note?: string;
}

/** A commune-level unit from 1 July 2025. */
export interface CommuneAfter2025 {
  code: string;
  name: string;
  type: CommuneType;
  /** Names (with their type word) of the units before 1 July 2025 it was formed from. */
  formedFrom?: string[];
  /** Approximate centroid for maps; never surveyed (see `centroidDemo`). */
  lat: number;
  lng: number;
  centroidDemo: true;
  demo?: true;
  note?: string;
}

export interface HueUnits {
  provinceCode: string;
  before2025: {
    demo?: boolean;
    asOf: string;
    note?: string;
    province: UnitRef;
    districts: DistrictBefore2025[];
    history: UnitHistoryEvent[];
  };
  after2025: {
    asOf: string;
    basis: string[];
    province: UnitRef;
    units: CommuneAfter2025[];
  };
}

export type AgencyLevel = 'province' | 'department' | 'district' | 'commune' | 'unit';

/** An agency with its electronic identifier (mã định danh điện tử, Quyết định 20/2020/QĐ-TTg). */
export interface Agency {
  /** `NNN.NN.NN.Xnn`, e.g. `000.00.00.H57`. */
  code: string;
  name: string;
  shortName?: string;
  level: AgencyLevel;
  parentCode?: string;
  /** Code of the administrative unit it sits in: a province code or a commune code. */
  unitCode: string;
  demo?: boolean;
  note?: string;
}

/** Shape of an identifier under Quyết định 20/2020/QĐ-TTg: level-4.level-3.level-2.level-1 codes. */
export const AGENCY_CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

export const provinces63: readonly Province63[] = provinces63Json as Province63[];
export const provinces34: readonly Province34[] = provinces34Json as Province34[];
export const hueUnits: HueUnits = hueUnitsJson as HueUnits;
export const hueAgencies: readonly Agency[] = hueAgenciesJson as Agency[];
