export type Facts = Record<string, unknown> & {
  agency_id: string;
  agency_level: string;
  staff_count: number;
  staff_with_desktop: number;
  staff_with_laptop_or_tablet: number;
  computers_total: number;
  computers_internet: number;
  has_lan: boolean;
  has_internet: boolean;
  on_wan: boolean;
  on_dedicated_network: boolean;
  systems_total: number;
  systems_ipv6: number;
  systems_level_approved: number;
  sector_databases: number;
  has_hr_app: boolean;
  has_finance_app: boolean;
  has_emulation_app: boolean;
  has_asset_app: boolean;
  endpoints_total: number;
  endpoints_antimalware: number;
  shares_malware_data: boolean;
  agency_name?: string;
};

export interface SourceView {
  id: string;
  kind: string;
  name: string;
  lastSuccessAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  freshness: 'fresh' | 'stale' | 'failing' | 'never';
}

export interface AgencyInventory {
  agency: { id: string; name: string; level: string; code: string };
  facts: Facts | null;
  counts: Record<string, number>;
  sources: SourceView[];
}

export type Row = Record<string, string | number | boolean | null>;
