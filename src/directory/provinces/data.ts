/**
 * The 2025 administrative units of the 34 provinces (đơn vị hành chính từ 1/7/2025): one JSON file per province in
 * data/, converted from dvhcvn/20250701 (MIT, see data/SOURCE.md) by import-dvhcvn.ts. A province's file is read only
 * when that province is set up, so the 3,321 communes cost nothing to an installation that never needs them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import indexJson from './data/index.json' with { type: 'json' };

const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

export type ProvinceType2025 = 'tinh' | 'thanh_pho_trung_uong';
export type CommuneType2025 = 'xa' | 'phuong' | 'dac_khu';

/** One of the 34 provinces with the number of its communes. */
export interface ProvinceEntry {
  code: string;
  name: string;
  type: ProvinceType2025;
  communes: number;
}

/** A former unit (đơn vị cũ) that formed a new one: its GSO code, its name with the type word, whole or in part. */
export interface FormerUnit {
  code: string;
  name: string;
  whole: boolean;
}

export interface Commune2025 {
  code: string;
  name: string;
  type: CommuneType2025;
  formedFrom: FormerUnit[];
}

export interface Province2025 {
  code: string;
  name: string;
  type: ProvinceType2025;
  /** The former provinces merged into it (code, name). */
  formedFrom: { code: string; name: string }[];
  communes: Commune2025[];
}

export const PROVINCES_2025 = indexJson as ProvinceEntry[];

/** The full name with its type word: "tỉnh Cao Bằng", "thành phố Hà Nội". */
export const provinceTitle = (p: { name: string; type: string }) =>
  `${p.type === 'tinh' ? 'tỉnh' : 'thành phố'} ${p.name}`;
export const communeWord = (type: string) => (type === 'phuong' ? 'phường' : type === 'dac_khu' ? 'đặc khu' : 'xã');

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/^(tinh|thanh pho|tp\.?)\s+/, '')
    .replace(/[^a-z0-9]/g, '');

/** A province by its 2-digit code or its name (diacritics, case and the type word optional): "46", "Hue", "tỉnh Gia Lai". */
export function findProvince(codeOrName: string): ProvinceEntry | null {
  const q = codeOrName.trim();
  if (!q) return null;
  const byCode = PROVINCES_2025.find((p) => p.code === q.padStart(2, '0'));
  if (/^\d{1,2}$/.test(q)) return byCode ?? null;
  const f = fold(q);
  return PROVINCES_2025.find((p) => fold(p.name) === f) ?? null;
}

type RawCommune = [string, string, CommuneType2025, [string, string, 'f' | 'p'][]];

/** Reads one province's file; null for a code that is not one of the 34. */
export function loadProvince(code: string): Province2025 | null {
  const entry = PROVINCES_2025.find((p) => p.code === code);
  if (!entry) return null;
  const raw = JSON.parse(fs.readFileSync(path.join(DATA, `${entry.code}.json`), 'utf8')) as {
    code: string;
    name: string;
    type: ProvinceType2025;
    formedFrom: [string, string][];
    communes: RawCommune[];
  };
  return {
    code: raw.code,
    name: raw.name,
    type: raw.type,
    formedFrom: raw.formedFrom.map(([c, n]) => ({ code: c, name: n })),
    communes: raw.communes.map(([c, n, t, f]) => ({
      code: c,
      name: n,
      type: t,
      formedFrom: f.map(([fc, fn, w]) => ({ code: fc, name: fn, whole: w === 'f' })),
    })),
  };
}
