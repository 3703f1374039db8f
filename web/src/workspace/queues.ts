import type { MessageKey } from '../i18n/index.js';
import type { Query } from '../api/client.js';

/**
 * The officer's work queues. Each is a list endpoint read with `limit`; a count comes from its `total`.
 * None of these endpoints exists yet: the pages show "—" and a "coming" state until they do.
 */
export interface QueueDef {
  slug: string;
  label: MessageKey;
  endpoint: string;
  query: Query;
  tone?: 'warning' | 'danger';
}

export const QUEUES: QueueDef[] = [
  { slug: 'receive', label: 'ws.nav.receive', endpoint: '/api/dossiers', query: { queue: 'to-receive' } },
  { slug: 'process', label: 'ws.nav.process', endpoint: '/api/dossiers', query: { queue: 'to-process' } },
  { slug: 'due-soon', label: 'ws.nav.dueSoon', endpoint: '/api/dossiers', query: { queue: 'due-soon' }, tone: 'warning' },
  { slug: 'overdue', label: 'ws.nav.overdue', endpoint: '/api/dossiers', query: { queue: 'overdue' }, tone: 'danger' },
  { slug: 'documents', label: 'ws.nav.documents', endpoint: '/api/documents', query: { queue: 'to-handle' } },
  { slug: 'feedback', label: 'ws.nav.feedback', endpoint: '/api/feedback/reports', query: { queue: 'open' } },
];

export interface QueueItem {
  id: string;
  code?: string;
  title?: string | { vi: string; en: string };
  name?: string | { vi: string; en: string };
  status?: string | { vi: string; en: string };
  dueAt?: string | null;
}

export interface QueuePage {
  items: QueueItem[];
  total?: number;
}

export const queueKey = (slug: string, limit: number) => ['workspace', 'queue', slug, limit] as const;
