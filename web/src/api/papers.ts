/**
 * Types, keys and calls of papers the state holds, the citizen's repository (kho dữ liệu), postal
 * return (bưu chính công ích) and questions (hỏi đáp), as the web app uses them.
 */
import type { NationalSource } from './procedures.js';

export type PaperSource = 'upload' | 'repository' | 'desk' | 'national' | 'identity';

export interface PaperKind {
  code: string;
  name: string;
  nameEn: string | null;
  nationalSource: NationalSource | null;
}

export interface RepositoryDocument {
  id: string;
  kindCode: string | null;
  kindName: string | null;
  title: string;
  sha256: string;
  number: string | null;
  issuerAgencyId: string | null;
  issuerName: string | null;
  issuedOn: string | null;
  validUntil: string | null;
  origin: 'result' | 'citizen';
  dossierId: string | null;
  verified: boolean;
  verifiedAt: string | null;
  createdAt: string;
}

export interface PaperProvenance {
  paperId: string | null;
  name: string;
  source: PaperSource;
  files: string[];
  verified: boolean;
  document: {
    id: string;
    kindCode: string | null;
    title: string;
    number: string | null;
    issuerName: string | null;
    issuedOn: string | null;
    validUntil: string | null;
    origin: string;
  } | null;
  lookup: { id: string; source: NationalSource; consentedAt: string; outcome: string } | null;
}

export interface CompetentAgency {
  id: string;
  code: string;
  name: string;
  level: string;
}

export interface PostalRate {
  code: string;
  name: string;
  nameEn: string;
  amount: number;
  demo: boolean;
}

export type ShipmentStatus =
  'requested' | 'handed_over' | 'in_transit' | 'delivered' | 'returned_to_sender' | 'cancelled';

export interface Shipment {
  id: string;
  dossierId: string;
  direction: 'intake' | 'return';
  status: ShipmentStatus;
  rateCode: string | null;
  fee: number;
  recipientName: string;
  recipientPhone: string | null;
  address: string;
  carrier: string | null;
  trackingCode: string | null;
  events: { status: ShipmentStatus; at: string; note: string | null }[];
  createdAt: string;
}

export interface Question {
  id: string;
  procedureId: string;
  dossierId: string | null;
  agencyId: string;
  askerName: string;
  askerContact: string | null;
  body: string;
  status: 'open' | 'answered';
  askedAt: string;
  dueAt: string;
  answer: string | null;
  answeredAt: string | null;
  onTime: boolean | null;
  overdue: boolean;
  published: boolean;
}

export interface PublishedQuestion {
  id: string;
  body: string;
  answer: string;
  answeredAt: string;
  agencyId: string;
}

export const papersKeys = {
  kinds: ['paper-kinds'] as const,
  repository: ['repository', 'documents'] as const,
  provenance: (dossierId: string) => ['dossiers', dossierId, 'papers'] as const,
  competent: (procedure: string) => ['procedures', procedure, 'agencies'] as const,
  rates: ['postal', 'rates'] as const,
  postal: (dossierId: string) => ['dossiers', dossierId, 'postal'] as const,
  published: (procedure: string) => ['procedures', procedure, 'questions'] as const,
  queue: (status: string) => ['questions', 'queue', status] as const,
};
