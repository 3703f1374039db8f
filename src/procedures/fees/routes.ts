/** The fee quote the wizard shows before submitting: computed on the server by the same rules as the dossier's fee. */
import { Type } from 'typebox';
import { errorResponses, problems, type App } from '../../platform/index.js';
import { cachedProcedure } from '../catalog/cache.js';
import { clock } from '../dossiers/clock.js';
import { FormDataSchema } from '../dossiers/form-data.js';
import { assessFee } from './rules.js';

const tags = ['fees'];
const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });

export const FeeClaimSchema = Type.Object(
  {
    category: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
        description: 'Đối tượng miễn, giảm (theo quy tắc phí của thủ tục)',
      }),
    ),
    evidence: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), {
        maxItems: 10,
        description: 'Tệp chứng minh (sha-256), phải đính kèm hồ sơ',
      }),
    ),
  },
  { additionalProperties: false },
);

export const FeeQuoteView = Type.Object({
  items: Type.Array(
    Type.Object({
      name: Type.String(),
      base: Type.Integer({ description: 'đồng, trước miễn giảm' }),
      quantity: Type.Optional(Type.Number()),
      reductions: Type.Array(
        Type.Object({
          reason: Type.String({ description: 'category | online' }),
          percent: Type.Integer(),
          amount: Type.Integer(),
        }),
      ),
      amount: Type.Integer({ description: 'đồng' }),
      refundable: Type.Boolean(),
      legalBasis: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  total: Type.Integer({ description: 'đồng' }),
  category: Type.Union([Type.String(), Type.Null()]),
  evidence: Type.Array(Type.String()),
  exempt: Type.Boolean(),
  computedAt: Type.String({ format: 'date-time' }),
});

const CategoryView = Type.Object({
  category: Type.String(),
  label: Bilingual,
  percent: Type.Integer(),
  evidence: Bilingual,
});

export async function feeRoutes(app: App) {
  app.post(
    '/api/procedures/:id/fee-quote',
    {
      config: { noAudit: 'computes a quote; writes nothing' },
      schema: {
        tags,
        summary: 'Tính phí, lệ phí theo tờ khai — quote the fee for a form',
        description:
          'Tính trên máy chủ theo quy tắc phí của thủ tục (cố định, theo số bản, theo mức của trường tờ khai, miễn giảm có chứng minh, giảm khi nộp trực tuyến). Không ghi gì.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'id hoặc mã thủ tục' }) }),
        body: Type.Object(
          {
            formData: Type.Optional(FormDataSchema),
            channel: Type.Optional(
              Type.Union([Type.Literal('online'), Type.Literal('counter')], { default: 'online' }),
            ),
            fee: Type.Optional(FeeClaimSchema),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ quote: FeeQuoteView, categories: Type.Array(CategoryView) }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (req) => {
      const p = await cachedProcedure(app.ctx.db, req.params.id);
      if (!p || !p.active) throw problems.notFound({ vi: 'thủ tục hành chính', en: 'Procedure' });
      const quote = assessFee(p.fees, {
        formData: req.body.formData ?? {},
        channel: req.body.channel ?? 'online',
        category: req.body.fee?.category,
        evidence: req.body.fee?.evidence,
        at: clock.now(),
      });
      const categories = p.fees.flatMap((f) => f.reductions);
      return {
        quote,
        categories: categories.filter((c, i) => categories.findIndex((x) => x.category === c.category) === i),
      };
    },
  );
}
