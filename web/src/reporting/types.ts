/** Shapes the reporting API answers (src/reporting/routes). */
export interface Figure {
  value: number | null;
  a: number | null;
  b: number | null;
  status: string;
}
export interface KeyIndicator {
  key: string;
  nameVi: string;
  nameEn: string;
  unit: string;
  direction: string;
  month: Figure | null;
  year: Figure | null;
  trend: { period: string; value: number | null }[];
  available: boolean;
}
export interface Ranked {
  agencyId: string;
  name: string;
  level: string;
  score: number;
  max: number;
  rank: number;
  scored: number;
  computed: number;
  previousYearScore: number | null;
  previousYearRank: number | null;
  lastRank: number | null;
}
export interface Share {
  criteria: number;
  computedCriteria: number;
  points: number;
  computedPoints: number;
}
export interface Alert {
  id: string;
  kind: string;
  agencyId: string | null;
  titleVi: string;
  titleEn: string;
  link: string | null;
  createdAt: string;
}
export interface Target {
  id: string;
  planKey: string;
  planName: string;
  textVi: string;
  value: number | null;
  unit: string | null;
  year: number | null;
  indicatorKey: string | null;
  current: number | null;
  progress: number | null;
  sourceLine: number;
}
export interface Summary {
  at: string;
  refreshedAt: string | null;
  month: string;
  year: string;
  indicators: KeyIndicator[];
  rankings: {
    key: string;
    nameVi: string;
    nameEn: string;
    target: number | null;
    share: Share;
    live: Share;
    warnings: number;
    top: Ranked[];
    total: number;
  }[];
  alerts: Alert[];
  lateReports: number;
  targets: Target[];
}
export const fmtValue = (v: number | null | undefined, unit: string, lang: 'vi' | 'en') =>
  v === null || v === undefined
    ? '—'
    : unit === '%'
      ? `${(Math.round(v * 1000) / 10).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}%`
      : v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
