/** The fields of a draft (dự thảo) an editor sends, shared by creating a draft and saving a version. */
import { Type, type Static } from 'typebox';
import { CONFIDENTIALITIES, URGENCIES } from './statuses.js';
import { StringEnum } from '../platform/index.js';

export const RecipientSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    agencyId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    paper: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const DraftFieldsSchema = Type.Object(
  {
    typeCode: Type.Optional(Type.String({ minLength: 1, maxLength: 10, description: 'Loại văn bản: QĐ, CV, TTr …' })),
    summary: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'Trích yếu' })),
    body: Type.Optional(Type.String({ maxLength: 200_000 })),
    recipients: Type.Optional(Type.Array(RecipientSchema, { maxItems: 200 })),
    signerId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    signerCapacity: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    signerTitle: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    signerName: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    urgency: Type.Optional(StringEnum(URGENCIES)),
    confidentiality: Type.Optional(StringEnum(CONFIDENTIALITIES)),
  },
  { additionalProperties: false },
);
export type DraftFields = Static<typeof DraftFieldsSchema>;

/** The fields kept with a version besides summary and body. */
export const versionFields = (f: Omit<DraftFields, 'summary' | 'body'>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(f)) as Record<string, unknown>;
