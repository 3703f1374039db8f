import { Type, type TSchema } from 'typebox';
import { PublicReport } from '../views.js';

export const tags = ['feedback'];
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
export const RefParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'id or public number (PA-2026-12)' }),
});

/** A report as its viewer may see it: the public view, plus the reporter's contact for staff of its agency. */
export const ReportDetail = Type.Object({
  ...PublicReport.properties,
  allowedActions: Type.Array(Type.String()),
  reporter: Type.Optional(
    Type.Object({
      accountId: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      name: Nullable(Type.String()),
      email: Nullable(Type.String()),
    }),
  ),
  handlerAccountId: Type.Optional(Nullable(Type.String())),
});

export const ListItem = Type.Object({
  id: Type.String(),
  publicId: Type.String(),
  category: Type.String(),
  categoryName: Type.Object({ vi: Type.String(), en: Type.String() }),
  status: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  description: Type.String(),
  agency: Type.String(),
  unitCode: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({ format: 'date-time' }),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  photo: Nullable(Type.String()),
});
