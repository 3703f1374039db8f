/** What the document API answers (TypeBox: validation, serialisation and the OpenAPI document). */
import { Type, type Static } from 'typebox';
import {
  ASSIGNMENT_ROLES,
  CONFIDENTIALITIES,
  DIRECTIONS,
  DOCUMENT_STATUSES,
  FILE_ROLES,
  OUTCOMES,
  TEXT_STATES,
  URGENCIES,
  WORK_RECORD_STATUSES,
} from './statuses.js';
import { StringEnum } from '../platform/index.js';

const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ format: 'uuid' });
const When = Type.String({ format: 'date-time' });

export const RecipientView = Type.Object({
  name: Type.String(),
  agencyId: Type.Optional(N(Id)),
  paper: Type.Optional(Type.Boolean()),
});

export const DocumentSummary = Type.Object({
  id: Id,
  direction: StringEnum(DIRECTIONS),
  agencyId: Id,
  agencyName: Type.String(),
  typeCode: Type.String(),
  typeName: Type.String(),
  status: StringEnum(DOCUMENT_STATUSES),
  registerId: N(Id),
  number: N(Type.Integer()),
  numberSymbol: N(Type.String({ description: 'Số, ký hiệu (văn bản đi) hoặc số đến (văn bản đến)' })),
  summary: Type.String({ description: 'Trích yếu' }),
  urgency: StringEnum(URGENCIES),
  confidentiality: StringEnum(CONFIDENTIALITIES),
  registeredAt: When,
  senderName: N(Type.String()),
  originalNumberSymbol: N(Type.String()),
  originalDate: N(Type.String({ format: 'date' })),
  dueAt: N(When),
  leadHandlerId: N(Id),
  leadHandlerName: N(Type.String()),
  completedAt: N(When),
  outcome: N(StringEnum(OUTCOMES)),
  issueDate: N(Type.String({ format: 'date' })),
  issuedAt: N(When),
  signerName: N(Type.String()),
  textState: N(StringEnum(TEXT_STATES)),
  workRecordId: N(Id),
  late: Type.Boolean({ description: 'Quá hạn xử lý (văn bản đến chưa xong và đã qua hạn, hoặc xong sau hạn)' }),
  rank: Type.Optional(Type.Number()),
});
export type DocumentSummaryT = Static<typeof DocumentSummary>;

export const ActionView = Type.Object({
  seq: Type.Integer(),
  action: Type.String(),
  actorId: N(Id),
  actorLabel: Type.String(),
  at: When,
  fromStatus: N(Type.String()),
  toStatus: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const AssignmentView = Type.Object({
  id: Id,
  accountId: Id,
  displayName: Type.String(),
  role: StringEnum(ASSIGNMENT_ROLES),
  parentId: N(Id),
  assignedBy: N(Id),
  assignedAt: When,
  dueAt: N(When),
  instruction: N(Type.String()),
  active: Type.Boolean(),
});

export const VersionView = Type.Object({
  version: Type.Integer(),
  summary: Type.String(),
  body: Type.String(),
  fields: Type.Record(Type.String(), Type.Unknown()),
  note: N(Type.String()),
  createdBy: N(Id),
  createdAt: When,
});

export const FileView = Type.Object({
  id: Id,
  sha256: Type.String(),
  role: StringEnum(FILE_ROLES),
  name: N(Type.String()),
  pages: N(Type.Integer()),
  textState: N(StringEnum(TEXT_STATES)),
  addedAt: When,
});

export const DocumentDetail = Type.Intersect([
  DocumentSummary,
  Type.Object({
    body: N(Type.String()),
    recipients: Type.Array(RecipientView),
    draftingUnitId: N(Id),
    drafterId: N(Id),
    reviewerId: N(Id),
    signerId: N(Id),
    signerCapacity: N(Type.String()),
    signerTitle: N(Type.String()),
    version: Type.Integer(),
    inReplyToId: N(Id),
    replacesId: N(Id),
    outcomeNote: N(Type.String()),
    receivedVia: N(Type.String()),
    senderAgencyId: N(Id),
    numberedAt: N(When),
    sentAt: N(When),
    signedDigitally: Type.Boolean(),
    sentElectronically: Type.Boolean(),
    sentWithPaper: Type.Boolean(),
    pdfSha256: N(Type.String()),
    layout: Type.Unknown(),
    actions: Type.Array(ActionView),
    assignments: Type.Array(AssignmentView),
    versions: Type.Array(
      Type.Object({ version: Type.Integer(), createdAt: When, createdBy: N(Id), note: N(Type.String()) }),
    ),
    files: Type.Array(FileView),
    allowedActions: Type.Array(Type.String(), {
      description: 'Thao tác người gọi được làm lúc này — actions the caller may perform now',
    }),
  }),
]);

export const ActionResult = Type.Object({ replayed: Type.Boolean(), action: ActionView, document: DocumentDetail });

export const RegisterView = Type.Object({
  id: Id,
  agencyId: Id,
  agencyName: Type.String(),
  direction: StringEnum(DIRECTIONS),
  series: Type.String(),
  year: Type.Integer(),
  name: Type.String(),
  typeCodes: N(Type.Array(Type.String())),
  lastNumber: Type.Integer(),
  reserved: Type.Integer({ description: 'Số đã lấy trước chưa dùng' }),
});

export const RegisterLine = Type.Object({
  number: Type.Integer(),
  documentId: N(Id),
  numberSymbol: N(Type.String()),
  summary: N(Type.String()),
  status: N(Type.String()),
  date: N(Type.String()),
  senderOrRecipients: N(Type.String()),
  reservedBy: N(Id),
  reason: N(Type.String()),
  allocatedAt: When,
});

export const TypeView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  letter: Type.Boolean(),
  ordinal: Type.Integer(),
  active: Type.Boolean(),
});

export const WorkRecordView = Type.Object({
  id: Id,
  agencyId: Id,
  code: Type.String(),
  title: Type.String(),
  ownerId: Id,
  ownerName: Type.String(),
  year: Type.Integer(),
  status: StringEnum(WORK_RECORD_STATUSES),
  retentionYears: N(Type.Integer()),
  handledOnline: Type.Boolean(),
  note: N(Type.String()),
  openedAt: When,
  closedAt: N(When),
  archivedAt: N(When),
  documentCount: Type.Integer(),
});
