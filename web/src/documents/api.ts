import { api, ApiError } from '../api/client.js';

export interface DocSummary {
  id: string;
  direction: 'incoming' | 'outgoing';
  agencyId: string;
  agencyName: string;
  typeCode: string;
  typeName: string;
  status: string;
  number: number | null;
  numberSymbol: string | null;
  summary: string;
  urgency: string;
  registeredAt: string;
  senderName: string | null;
  originalNumberSymbol: string | null;
  dueAt: string | null;
  leadHandlerName: string | null;
  issueDate: string | null;
  textState: string | null;
  late: boolean;
}

export interface DocAction {
  seq: number;
  action: string;
  actorLabel: string;
  at: string;
  fromStatus: string | null;
  toStatus: string;
  details: Record<string, unknown>;
}

export interface DocAssignment {
  id: string;
  accountId: string;
  displayName: string;
  role: 'lead' | 'co' | 'reader';
  dueAt: string | null;
  instruction: string | null;
  active: boolean;
  assignedAt: string;
}

export interface DocDetail extends DocSummary {
  body: string | null;
  recipients: { name: string; agencyId?: string | null }[];
  signerName: string | null;
  signerTitle: string | null;
  signerCapacity: string | null;
  draftingUnitId: string | null;
  version: number;
  pdfSha256: string | null;
  outcome: string | null;
  outcomeNote: string | null;
  actions: DocAction[];
  assignments: DocAssignment[];
  versions: { version: number; createdAt: string; note: string | null }[];
  files: { id: string; sha256: string; role: string; name: string | null }[];
  allowedActions: string[];
  receivedVia: string | null;
  signedDigitally: boolean;
  sentAt: string | null;
  signerId: string | null;
  inReplyToId: string | null;
}

export interface Person {
  accountId: string;
  displayName: string;
  position: string | null;
}

export interface Register {
  id: string;
  agencyId: string;
  agencyName: string;
  direction: 'incoming' | 'outgoing';
  series: string;
  year: number;
  name: string;
  lastNumber: number;
  reserved: number;
}

export interface DocType {
  code: string;
  name: string;
  nameEn: string;
  letter: boolean;
}

export const act = (id: string, action: string, body: Record<string, unknown>) =>
  api<{ document: DocDetail }>(`/api/documents/${id}/actions/${action}`, { method: 'POST', body });

/** Uploads a file through POST /api/files (multipart) and returns its address. */
export async function uploadFile(file: File, csrf: string | null): Promise<string> {
  const fd = new FormData();
  fd.append('file', file);
  const res = await fetch('/api/files', {
    method: 'POST',
    body: fd,
    credentials: 'same-origin',
    headers: csrf ? { 'x-csrf-token': csrf } : {},
  });
  const body = (await res.json()) as {
    sha256?: string;
    title?: string;
    detail?: { vi: string; en: string } | string;
    code?: string;
    status?: number;
  };
  if (!res.ok || !body.sha256)
    throw new ApiError({
      status: res.status,
      title: body.title ?? 'Upload failed',
      code: body.code ?? 'upload',
      detail: typeof body.detail === 'string' ? body.detail : undefined,
    });
  return body.sha256;
}

/** A key the caller may sign with: held by the platform (PKCS#12) or by a remote signing service (CSC). */
export interface SigningKey {
  id: string;
  kind: 'person' | 'agency';
  method: 'platform' | 'csc';
  label: string;
  subject: string;
  notAfter: string;
}

export interface SigningRequest {
  id: string;
  documentId: string;
  kind: 'person' | 'agency';
  method: 'platform' | 'csc';
  /** pending (waiting for the signer's phone) → ready → applied; or failed, refused. */
  status: string;
  signedPdfSha256: string | null;
  timestampTime: string | null;
  error: string | null;
  createdAt: string;
}

export interface SignatureCheck {
  signer: { commonName: string | null; subject: string } | null;
  claimedTime: string | null;
  timestamp: { present: boolean; valid: boolean | null; genTime: string | null };
  integrity: boolean;
  chainTrusted: boolean;
  coversWholeDocument: boolean;
  /** The PAdES baseline level (ETSI EN 319 142-1); null for a signature that is not PAdES. Absent in older reports. */
  level?: 'B-B' | 'B-T' | 'B-LT' | null;
  indication: string;
  reasons: { vi: string; en: string }[];
}

export interface SignaturesReport {
  pdfSha256: string | null;
  stored: boolean;
  report: {
    signatures: SignatureCheck[];
    indication: string;
    modifiedAfterLastSignature: boolean;
    verifiedAt: string;
  } | null;
}

export interface ExchangeMessage {
  messageId: string;
  direction: 'in' | 'out';
  kind: 'edoc' | 'status';
  business: string | null;
  fromOrganId: string;
  toOrganId: string;
  statusCode: string | null;
  statusLabel: { vi: string; en: string } | null;
  description: string | null;
  state: string;
  attempts: number;
  lastError: string | null;
  relatesTo: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface ExchangeReceipt {
  statusCode: string;
  label: { vi: string; en: string } | null;
  description: string | null;
  at: string;
}

export interface ExchangeRecipient {
  organId: string;
  organName: string;
  state: string;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  latest: string | null;
  receipts: ExchangeReceipt[];
}

export interface SentItem {
  id: string;
  agencyId: string;
  agencyName: string;
  numberSymbol: string | null;
  summary: string;
  status: string;
  sentAt: string | null;
  recipients: ExchangeRecipient[];
}

export interface ReceivedItem {
  id: string;
  agencyId: string;
  agencyName: string;
  arrivalNumber: string | null;
  summary: string;
  status: string;
  urgency: string;
  senderName: string | null;
  originalNumberSymbol: string | null;
  originalDate: string | null;
  receivedAt: string;
  waiting: boolean;
}

export interface Agency {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  level: string;
  parentId: string | null;
}
