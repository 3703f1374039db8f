import type { MessageKey } from '../i18n/index.js';
import type { Query } from '../api/client.js';

/**
 * The staff's work queues. Each is a list endpoint read with `limit`; a count comes from its `total`.
 * The dossier queues are the API's named filters (GET /api/dossiers?queue=…): to receive, to process,
 * due within 2 working days, late. An endpoint that does not exist yet shows "—" and a "coming" state.
 */
export interface QueueDef {
  slug: string;
  label: MessageKey;
  endpoint: string;
  query: Query;
  tone?: 'warning' | 'danger';
  /** A dossier queue: the page shows dossiers and their filters. */
  dossiers?: boolean;
}

export const QUEUES: QueueDef[] = [
  {
    slug: 'receive',
    label: 'ws.nav.receive',
    endpoint: '/api/dossiers',
    query: { queue: 'to-receive' },
    dossiers: true,
  },
  {
    slug: 'process',
    label: 'ws.nav.process',
    endpoint: '/api/dossiers',
    query: { queue: 'to-process' },
    dossiers: true,
  },
  {
    slug: 'due-soon',
    label: 'ws.nav.dueSoon',
    endpoint: '/api/dossiers',
    query: { queue: 'due-soon' },
    dossiers: true,
    tone: 'warning',
  },
  {
    slug: 'overdue',
    label: 'ws.nav.overdue',
    endpoint: '/api/dossiers',
    query: { queue: 'overdue' },
    dossiers: true,
    tone: 'danger',
  },
  { slug: 'documents', label: 'ws.nav.documents', endpoint: '/api/documents', query: { queue: 'to-handle' } },
  // The agency's own queue, in the view its page opens at (new reports), not the public list of every report.
  { slug: 'feedback', label: 'ws.nav.feedback', endpoint: '/api/feedback/queue', query: { view: 'new' } },
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
