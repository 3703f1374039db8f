import { Type, type Static } from 'typebox';
import { ROLES } from './roles.js';
import { StringEnum } from '../http/schemas.js';

export const GrantSchema = Type.Object({
  role: StringEnum(ROLES),
  scopeKind: Type.Union([Type.Literal('agency'), Type.Literal('unit'), Type.Literal('none')]),
  scopeId: Type.Union([Type.String(), Type.Null()]),
});

export const AccountView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  kind: Type.Union([Type.Literal('person'), Type.Literal('system')]),
  grants: Type.Array(GrantSchema),
});

export const SessionView = Type.Object({
  authenticated: Type.Literal(true),
  account: AccountView,
  csrfToken: Type.String(),
});
export type SessionView = Static<typeof SessionView>;

/** What the session probe answers an anonymous caller: not an error, so a public page logs none (Lighthouse counts it). */
export const AnonymousSessionView = Type.Object({ authenticated: Type.Literal(false) });

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const TokenCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
  },
  { additionalProperties: false },
);

export const TokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
