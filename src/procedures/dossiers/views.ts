/** Response shapes of the dossier API (TypeBox: validation, serialisation and OpenAPI from one source). */
import { Type, type TSchema } from 'typebox';
import { CHANNELS, DOSSIER_STATUSES } from './statuses.js';
import { StringEnum } from '../../platform/index.js';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Time = Nullable(Type.String({ format: 'date-time' }));
const AgencyRef = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });
const ProcedureRef = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  processingDays: Type.Number(),
});

export const StatusSchema = StringEnum(DOSSIER_STATUSES);

export const TimelineEntry = Type.Object({
  seq: Type.Integer(),
  action: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  fromStatus: Nullable(StatusSchema),
  toStatus: StatusSchema,
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const DossierSummary = Type.Object({
  id: Type.String(),
  code: Type.String(),
  status: StatusSchema,
  channel: StringEnum(CHANNELS),
  procedure: ProcedureRef,
  title: Type.String({ description: 'Tên thủ tục' }),
  agencyId: Type.String(),
  receivingAgencyId: Type.String(),
  currentAgencyId: Type.String(),
  applicantName: Type.String(),
  submittedAt: Type.String({ format: 'date-time' }),
  receivedAt: Time,
  dueAt: Time,
  newDueAt: Time,
  completedAt: Time,
  paused: Type.Boolean(),
  late: Type.Boolean(),
  currentStep: Nullable(Type.Integer()),
  currentHandlerId: Nullable(Type.String()),
});

export const DossierDetail = Type.Object({
  ...DossierSummary.properties,
  agency: AgencyRef,
  receivingAgency: AgencyRef,
  currentAgency: AgencyRef,
  applicant: Type.Object({
    accountId: Nullable(Type.String()),
    name: Type.String(),
    idNumber: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    address: Nullable(Type.String()),
    unitId: Nullable(Type.String()),
  }),
  formData: Type.Record(Type.String(), Type.Unknown()),
  attachments: Type.Array(
    Type.Object({
      paperId: Nullable(Type.String()),
      name: Type.Optional(Type.String()),
      files: Type.Array(Type.String()),
      source: Type.Optional(
        Type.String({ description: 'upload | repository | desk | national | identity: where the paper came from' }),
      ),
      documentId: Type.Optional(Type.String()),
      lookupId: Type.Optional(Type.String()),
    }),
  ),
  pausedMs: Type.Integer(),
  pausedSince: Time,
  returnedAt: Time,
  resultSha256: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  ratingComment: Nullable(Type.String()),
  timeline: Type.Array(TimelineEntry),
  allowedActions: Type.Array(Type.String(), {
    description: 'Các thao tác người gọi được làm lúc này — actions the caller may perform now',
  }),
});

export const ActionResult = Type.Object({
  replayed: Type.Boolean({ description: 'true: the same clientTransactionId was already applied; nothing changed' }),
  action: TimelineEntry,
  dossier: DossierDetail,
});
