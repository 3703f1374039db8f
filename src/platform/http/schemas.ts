import { Type } from 'typebox';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String(),
    errors: Type.Array(
      Type.Object({
        field: Type.String(),
        code: Type.String(),
        message: Type.Object({ vi: Type.String(), en: Type.String() }),
      }),
    ),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details (application/problem+json)' },
);

/** Standard error responses, for the OpenAPI document. */
export const errorResponses = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ProblemSchema]));

export const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });

/** A string enum with a precise TypeScript type and a plain `enum` in the OpenAPI document. */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  opts: { description?: string; default?: T[number] } = {},
) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...opts });
