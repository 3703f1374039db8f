/** The gateway's API as the developer portal and the admin pages use it. */
import { api } from '../api/client.js';

export interface GwService {
  id: string;
  memberId: string;
  memberCode: string;
  memberName: string;
  code: string;
  name: string;
  description: string;
  path: string;
  version: string;
  classification: number;
  personalData: boolean;
  bodyLimit: number;
  timeoutMs: number;
  logBodies: boolean;
  retentionDays: number;
  hasOpenapi: boolean;
}
export interface GwServiceDetail extends GwService {
  baseUrl: string;
  openapi: OpenApiDoc | null;
}
export interface OpenApiDoc {
  openapi?: string;
  swagger?: string;
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        description?: string;
        parameters?: { name: string; in: string; required?: boolean; description?: string }[];
        responses?: Record<string, { description?: string }>;
      }
    >
  >;
}
export interface GwMember {
  id: string;
  code: string;
  name: string;
  kind: string;
  agencyId: string | null;
}
export interface GwConsumer {
  id: string;
  memberId: string;
  memberCode: string;
  name: string;
  clientId: string;
  certSha256: string | null;
  rateMax: number;
  rateWindowMs: number;
  dailyQuota: number;
  active: boolean;
  createdAt: string;
  clientSecret?: string;
}
export interface GwAccessRequest {
  id: string;
  consumerId: string;
  consumerName: string;
  serviceId: string;
  serviceName: string;
  methods: string[];
  pathPattern: string;
  purpose: string;
  expiresAt: string | null;
  status: 'pending' | 'approved' | 'refused';
  reason: string | null;
  createdAt: string;
}
export interface GwUsage {
  serviceCode: string;
  hour: string;
  calls: number;
  errors: number;
  latencyMsP50: number;
  latencyMsP95: number;
}
export interface GwAlert {
  id: number;
  serviceCode: string;
  kind: string;
  value: number;
  threshold: number;
  calls: number;
  at: string;
}

export const gwKeys = {
  services: (q: string) => ['gateway', 'services', q] as const,
  service: (id: string) => ['gateway', 'service', id] as const,
  members: ['gateway', 'members'] as const,
  consumers: ['gateway', 'consumers'] as const,
  usage: (id: string) => ['gateway', 'usage', id] as const,
  requests: ['gateway', 'requests'] as const,
  alerts: ['gateway', 'alerts'] as const,
};

export const gw = {
  services: (q: string, signal?: AbortSignal) => api<GwService[]>('/api/gateway/services', { query: { q }, signal }),
  service: (id: string, signal?: AbortSignal) => api<GwServiceDetail>(`/api/gateway/services/${id}`, { signal }),
  members: (signal?: AbortSignal) => api<GwMember[]>('/api/gateway/members', { signal }),
  consumers: (signal?: AbortSignal) => api<GwConsumer[]>('/api/gateway/consumers', { signal }),
  createConsumer: (body: { memberId: string; name: string }) =>
    api<GwConsumer>('/api/gateway/consumers', { method: 'POST', body }),
  rotate: (id: string) => api<GwConsumer>(`/api/gateway/consumers/${id}/secret`, { method: 'POST' }),
  usage: (id: string, signal?: AbortSignal) => api<GwUsage[]>(`/api/gateway/consumers/${id}/usage`, { signal }),
  requests: (signal?: AbortSignal) => api<GwAccessRequest[]>('/api/gateway/access-requests', { signal }),
  ask: (body: {
    consumerId: string;
    serviceId: string;
    methods: string[];
    pathPattern: string;
    purpose: string;
    expiresAt: string | null;
  }) => api<GwAccessRequest>('/api/gateway/access-requests', { method: 'POST', body }),
  decide: (id: string, approve: boolean, reason?: string) =>
    api<{ id: string; status: string }>(`/api/gateway/access-requests/${id}/${approve ? 'approve' : 'refuse'}`, {
      method: 'POST',
      body: reason ? { reason } : {},
    }),
  alerts: (signal?: AbortSignal) => api<GwAlert[]>('/api/gateway/alerts', { signal }),
};
