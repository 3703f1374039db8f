import { Type, type TSchema } from 'typebox';
import { EXPORT_FORMATS } from '../exports.js';
import { StringEnum } from '../../platform/index.js';

export const tags = ['reporting'];
export const Id = Type.String({ format: 'uuid' });
export const Key = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,80}$' });
export const PeriodKey = Type.String({
  pattern: '^\\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$',
  description: "'2026', '2026-H2', '2026-Q3' or '2026-07'",
});
export const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
export const Format = StringEnum(EXPORT_FORMATS);
export const Loose = Type.Record(Type.String(), Type.Unknown());
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
