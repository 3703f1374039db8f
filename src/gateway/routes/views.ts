/** Shapes of the gateway's API answers and bodies (TypeBox: validation, serialisation and OpenAPI from one source). */
import { Type } from 'typebox';
import { MEMBER_KINDS, REQUEST_STATUSES } from '../schema.js';
import { StringEnum } from '../../platform/index.js';

export const tags = ['gateway'];
export const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String();

export const MemberView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  agencyId: Nullable(Type.String()),
  active: Type.Boolean(),
});
export const MemberBody = Type.Object(
  {
    kind: StringEnum(MEMBER_KINDS),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    agencyId: Type.Optional(Id),
    /** For a system: its short code, appended to the agency's identifier. For a national system: the whole code. */
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' })),
  },
  { additionalProperties: false },
);

const serviceFields = {
  name: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.String({ maxLength: 5000 }),
  baseUrl: Type.String({ minLength: 1, maxLength: 2000, pattern: '^(https?://[^\\s]+|/[^\\s]*)$' }),
  openapi: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  version: Type.String({ minLength: 1, maxLength: 40 }),
  classification: Type.Integer({ minimum: 1, maximum: 5, description: 'Cấp độ theo Nghị định 85/2016/NĐ-CP' }),
  personalData: Type.Boolean(),
  bodyLimit: Type.Integer({ minimum: 1, maximum: 1_073_741_824 }),
  timeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
  logBodies: Type.Boolean(),
  retentionDays: Type.Integer({ minimum: 1, maximum: 36_500 }),
  alertErrorRate: Type.Number({ minimum: 0, maximum: 1 }),
  alertP95Ms: Type.Integer({ minimum: 1, maximum: 600_000 }),
  active: Type.Boolean(),
};
export const ServiceBody = Type.Object(
  {
    memberId: Id,
    code: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9._-]*$' }),
    name: serviceFields.name,
    baseUrl: serviceFields.baseUrl,
    description: Type.Optional(serviceFields.description),
    openapi: Type.Optional(serviceFields.openapi),
    version: Type.Optional(serviceFields.version),
    classification: Type.Optional(serviceFields.classification),
    personalData: Type.Optional(serviceFields.personalData),
    bodyLimit: Type.Optional(serviceFields.bodyLimit),
    timeoutMs: Type.Optional(serviceFields.timeoutMs),
    logBodies: Type.Optional(serviceFields.logBodies),
    retentionDays: Type.Optional(serviceFields.retentionDays),
    alertErrorRate: Type.Optional(serviceFields.alertErrorRate),
    alertP95Ms: Type.Optional(serviceFields.alertP95Ms),
    active: Type.Optional(serviceFields.active),
  },
  { additionalProperties: false },
);
export const ServicePatch = Type.Partial(Type.Object(serviceFields, { additionalProperties: false }), {
  additionalProperties: false,
});
export const ServiceView = Type.Object({
  id: Type.String(),
  memberId: Type.String(),
  memberCode: Type.String(),
  memberName: Type.String(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  path: Type.String({ description: 'Đường dẫn qua cổng — the path through the gateway' }),
  version: Type.String(),
  ownerAgencyId: Nullable(Type.String()),
  classification: Type.Integer(),
  personalData: Type.Boolean(),
  bodyLimit: Type.Integer(),
  timeoutMs: Type.Integer(),
  logBodies: Type.Boolean(),
  retentionDays: Type.Integer(),
  alertErrorRate: Type.Number(),
  alertP95Ms: Type.Integer(),
  active: Type.Boolean(),
  hasOpenapi: Type.Boolean(),
});
export const ServiceDetail = Type.Intersect([
  ServiceView,
  Type.Object({
    baseUrl: Type.String(),
    openapi: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  }),
]);

export const ConsumerView = Type.Object({
  id: Type.String(),
  memberId: Type.String(),
  memberCode: Type.String(),
  name: Type.String(),
  clientId: Type.String(),
  hasSecret: Type.Boolean(),
  certSha256: Nullable(Type.String()),
  rateMax: Type.Integer(),
  rateWindowMs: Type.Integer(),
  dailyQuota: Type.Integer(),
  active: Type.Boolean(),
  createdAt: Time,
});
export const ConsumerBody = Type.Object(
  {
    memberId: Id,
    name: Type.String({ minLength: 1, maxLength: 300 }),
    certificatePem: Type.Optional(Type.String({ maxLength: 20_000 })),
  },
  { additionalProperties: false },
);
export const ConsumerPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    certificatePem: Type.Optional(Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()])),
    rateMax: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    rateWindowMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 86_400_000 })),
    dailyQuota: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const METHOD_VALUES = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', '*'] as const;
const accessFields = {
  consumerId: Id,
  serviceId: Id,
  methods: Type.Array(StringEnum(METHOD_VALUES), { minItems: 1, maxItems: 8, uniqueItems: true }),
  pathPattern: Type.String({ minLength: 1, maxLength: 500, pattern: '^/[^\\s]*$' }),
  purpose: Type.String({ minLength: 3, maxLength: 1000 }),
  expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
};
export const AccessRequestBody = Type.Object(accessFields, { additionalProperties: false });
export const RuleBody = Type.Object(accessFields, { additionalProperties: false });
export const AccessRequestView = Type.Object({
  id: Type.String(),
  consumerId: Type.String(),
  consumerName: Type.String(),
  serviceId: Type.String(),
  serviceName: Type.String(),
  methods: Type.Array(Type.String()),
  pathPattern: Type.String(),
  purpose: Type.String(),
  expiresAt: Nullable(Time),
  status: StringEnum(REQUEST_STATUSES),
  reason: Nullable(Type.String()),
  createdAt: Time,
  decidedAt: Nullable(Time),
});
export const RuleView = Type.Object({
  id: Type.String(),
  consumerId: Type.String(),
  serviceId: Type.String(),
  methods: Type.Array(Type.String()),
  pathPattern: Type.String(),
  purpose: Type.String(),
  expiresAt: Nullable(Time),
  createdAt: Time,
  revokedAt: Nullable(Time),
});
export const DecisionBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
