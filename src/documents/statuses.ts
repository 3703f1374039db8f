/**
 * The states of a document (trạng thái văn bản). Outgoing (văn bản đi) and incoming (văn bản đến)
 * share one column; each action lists the states it may start from, so an illegal move is a 409.
 */
export const DIRECTIONS = ['incoming', 'outgoing'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Outgoing: drafting (dự thảo) → review by the unit head → approval by the signing leader → number → sign → issue → send. */
export const OUTGOING_STATUSES = [
  'draft',
  'in_review',
  'in_approval',
  'approved',
  'numbered',
  'signed',
  'issued',
  'sent',
] as const;
/** Incoming: registered (vào sổ) → assigned (phân công) → in progress → completed. */
export const INCOMING_STATUSES = ['registered', 'assigned', 'in_progress', 'completed'] as const;
/** Either direction: recalled by its sender (thu hồi, lấy lại) or superseded by an update (thay thế). */
export const END_STATUSES = ['withdrawn', 'replaced'] as const;

export const DOCUMENT_STATUSES = [...OUTGOING_STATUSES, ...INCOMING_STATUSES, ...END_STATUSES] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Độ khẩn (urgency), as in edXML OtherInfo/Priority 0..4 order. */
export const URGENCIES = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Độ mật (confidentiality). */
export const CONFIDENTIALITIES = ['normal', 'confidential', 'secret', 'top_secret'] as const;
export type Confidentiality = (typeof CONFIDENTIALITIES)[number];

/** How an incoming document was settled (hình thức giải quyết). */
export const OUTCOMES = ['replied', 'filed', 'for_information'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The parts of an assignment (phân công xử lý): chủ trì, phối hợp, nhận để biết. */
export const ASSIGNMENT_ROLES = ['lead', 'co', 'reader'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

/** Where a document's PDF came from. */
export const FILE_ROLES = ['original', 'draft', 'numbered', 'signed', 'attachment'] as const;
export type FileRole = (typeof FILE_ROLES)[number];

/** Whether a PDF carries text (văn bản điện tử) or only images (bản quét). */
export const TEXT_STATES = ['text', 'scanned', 'none'] as const;
export type TextState = (typeof TEXT_STATES)[number];

export const WORK_RECORD_STATUSES = ['open', 'closed', 'archived'] as const;
export type WorkRecordStatus = (typeof WORK_RECORD_STATUSES)[number];
