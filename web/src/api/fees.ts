/** Fees by rule (phí, lệ phí) as the web app reads them: the quote before submitting, a dossier's fee account. */
import { api } from './client.js';

export interface FeeLine {
  name: string;
  base: number;
  quantity?: number;
  reductions: { reason: 'category' | 'online' | string; percent: number; amount: number }[];
  amount: number;
  refundable: boolean;
  legalBasis: string | null;
}

export interface FeeQuote {
  items: FeeLine[];
  total: number;
  category: string | null;
  evidence: string[];
  exempt: boolean;
  computedAt: string;
}

export interface FeeCategory {
  category: string;
  label: { vi: string; en: string };
  percent: number;
  evidence: { vi: string; en: string };
}

export interface FeeAccount {
  total: number;
  paid: number;
  refunded: number;
  owed: number;
  refundDue: number;
  exempt: boolean;
  fee: FeeQuote | null;
}

export const feeKeys = {
  quote: (procedureId: string, formData: Record<string, unknown>) => ['fees', 'quote', procedureId, formData] as const,
};

export const fetchFeeQuote = (procedureId: string, formData: Record<string, unknown>, signal?: AbortSignal) =>
  api<{ quote: FeeQuote; categories: FeeCategory[] }>(`/api/procedures/${procedureId}/fee-quote`, {
    method: 'POST',
    body: { formData, channel: 'online' },
    signal,
  });
