import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { FieldError, Bilingual } from './problem.js';

/** Turns Ajv's schema errors into bilingual field errors. */
export function toFieldErrors(errors: FastifySchemaValidationError[], context: string): FieldError[] {
  return errors.map((e) => {
    const p = e.params as Record<string, unknown>;
    let field = `/${context}${e.instancePath}`;
    let message: Bilingual;
    switch (e.keyword) {
      case 'required':
        field = `${field}/${String(p.missingProperty)}`;
        message = { vi: 'Trường bắt buộc', en: 'This field is required' };
        break;
      case 'type':
        message = { vi: `Sai kiểu dữ liệu, cần ${String(p.type)}`, en: `Must be of type ${String(p.type)}` };
        break;
      case 'format':
        message = { vi: `Sai định dạng (${String(p.format)})`, en: `Must match format ${String(p.format)}` };
        break;
      case 'minLength':
        message = {
          vi: `Cần ít nhất ${String(p.limit)} ký tự`,
          en: `Must have at least ${String(p.limit)} characters`,
        };
        break;
      case 'maxLength':
        message = { vi: `Tối đa ${String(p.limit)} ký tự`, en: `Must have at most ${String(p.limit)} characters` };
        break;
      case 'minimum':
      case 'exclusiveMinimum':
        message = { vi: `Giá trị phải ≥ ${String(p.limit)}`, en: `Must be ≥ ${String(p.limit)}` };
        break;
      case 'maximum':
      case 'exclusiveMaximum':
        message = { vi: `Giá trị phải ≤ ${String(p.limit)}`, en: `Must be ≤ ${String(p.limit)}` };
        break;
      case 'maxProperties':
        message = { vi: `Tối đa ${String(p.limit)} trường`, en: `At most ${String(p.limit)} fields` };
        break;
      case 'maxItems':
        message = { vi: `Tối đa ${String(p.limit)} phần tử`, en: `At most ${String(p.limit)} items` };
        break;
      case 'minItems':
        message = { vi: `Cần ít nhất ${String(p.limit)} phần tử`, en: `At least ${String(p.limit)} items` };
        break;
      case 'propertyNames':
        message = { vi: 'Tên trường không hợp lệ', en: 'Invalid field name' };
        break;
      case 'enum':
      case 'const':
      case 'anyOf':
        message = { vi: 'Giá trị không nằm trong danh sách cho phép', en: 'Value is not one of the allowed values' };
        break;
      case 'pattern':
        message = { vi: 'Sai định dạng', en: 'Does not match the expected pattern' };
        break;
      case 'additionalProperties':
        field = `${field}/${String(p.additionalProperty)}`;
        message = { vi: 'Trường không được phép', en: 'Unknown field' };
        break;
      default:
        message = { vi: 'Giá trị không hợp lệ', en: e.message ?? 'Invalid value' };
    }
    return { field, code: e.keyword, message };
  });
}
