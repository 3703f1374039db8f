import { Type } from 'typebox';
import { errorResponses, problems, PROVINCE, requirePermission, transact, type App } from '../../../platform/index.js';
import {
  ImportFormatError,
  keyRows,
  resolveNewField,
  rowInput,
  rowsFromCsv,
  rowsFromXlsx,
  type RawRow,
  type RowResult,
} from '../import.js';
import { upsertProcedure } from '../service.js';

const tags = ['procedures'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_ROWS = 5000;

const ImportReport = Type.Object({
  atomic: Type.Boolean(),
  created: Type.Integer(),
  updated: Type.Integer(),
  failed: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'data row, from 1 (in a sheet: the line after the header)' }),
      code: Type.Union([Type.String(), Type.Null()]),
      status: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('error')]),
      id: Type.Optional(Type.String()),
      errors: Type.Optional(
        Type.Array(
          Type.Object({
            field: Type.String(),
            code: Type.String(),
            message: Type.Object({ vi: Type.String(), en: Type.String() }),
          }),
        ),
      ),
    }),
  ),
});

/**
 * POST /api/procedures/import. Each row is saved in its own savepoint inside one transaction: a bad
 * row is reported and leaves nothing behind, the good rows are saved, and one audit row records the
 * whole import. With `?atomic=true` any bad row makes the import save nothing (400 with the report).
 */
export async function importRoutes(app: App) {
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.addContentTypeParser(XLSX, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post(
    '/api/procedures/import',
    {
      schema: {
        tags,
        summary: 'Nhập danh mục thủ tục (JSON, CSV, XLSX theo mẫu CSDL quốc gia) — import procedures, upsert by code',
        description:
          'Body: a JSON array of rows, a CSV text (`text/csv`, `,` or `;`) or an XLSX workbook (first sheet). Columns as in the national database export: Mã thủ tục, Tên thủ tục, Lĩnh vực, Cấp thực hiện, Cơ quan thực hiện, Thời hạn giải quyết, Phí/lệ phí, Mức độ, Căn cứ pháp lý, Kết quả thực hiện. Existing codes are updated (papers and workflow kept), new codes created with the default workflow.',
        querystring: Type.Object({ atomic: Type.Boolean({ default: false, description: 'all or nothing' }) }),
        body: {
          content: {
            'application/json': {
              schema: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: MAX_ROWS }),
            },
            'text/csv': { schema: Type.String() },
            // A Buffer is not a JSON string: the binary body is described, not validated, here.
            [XLSX]: { schema: { description: 'XLSX workbook (binary)' } },
          },
        } as never,
        response: { 200: ImportReport, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (req) => {
      // The catalog import (the national database's export) creates and updates any agency's procedures.
      await requirePermission(req, 'procedures.manage', PROVINCE);
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      let rows: RawRow[];
      try {
        if (type === XLSX) rows = await rowsFromXlsx(req.body as Buffer);
        else if (type === 'text/csv' || type === 'application/csv') rows = rowsFromCsv(req.body as string);
        else rows = keyRows(req.body as Record<string, unknown>[]);
      } catch (e) {
        if (e instanceof ImportFormatError) throw problems.badRequest(e.detail, { code: 'import-format' });
        throw e;
      }
      if (!rows.length)
        throw problems.badRequest(
          { vi: 'Không có dòng dữ liệu nào để nhập.', en: 'There are no rows to import.' },
          { code: 'import-empty' },
        );
      if (rows.length > MAX_ROWS)
        throw problems.badRequest(
          { vi: `Tối đa ${MAX_ROWS} dòng mỗi lần nhập.`, en: `At most ${MAX_ROWS} rows per import.` },
          { code: 'import-too-many' },
        );
      const atomic = req.query.atomic;

      // One moment for the whole import: every row it writes says the same "imported at".
      const importedAt = new Date();
      return transact(req, async (tx, audit) => {
        const results: RowResult[] = [];
        for (const [i, raw] of rows.entries()) {
          const row = i + 1;
          const code =
            typeof raw.code === 'string' || typeof raw.code === 'number' ? String(raw.code).trim() || null : null;
          try {
            const r = await tx.transaction(async (sp) => {
              const { input, errors } = await rowInput(sp, raw, row, importedAt);
              if (!input) return { row, code, status: 'error' as const, errors };
              await resolveNewField(sp, input);
              const { procedure, created } = await upsertProcedure(sp, input);
              return { row, code, status: created ? ('created' as const) : ('updated' as const), id: procedure.id };
            });
            results.push(r);
          } catch (e) {
            // A database refusal (a check constraint, a duplicate) fails this row only: its savepoint is gone.
            const msg = (e as { detail?: string; message?: string }).detail ?? (e as Error).message;
            if ((e as { status?: number }).status === 400) {
              const p = e as { errors?: RowResult['errors'] };
              results.push({
                row,
                code,
                status: 'error',
                errors: (p.errors ?? []).map((x) => ({
                  ...x,
                  field: x.field.replace('/body/steps', `/rows/${row}/workflow`),
                })),
              });
            } else {
              req.log.warn({ err: e, row }, 'procedure import: row refused by the database');
              results.push({
                row,
                code,
                status: 'error',
                errors: [
                  {
                    field: `/rows/${row}`,
                    code: 'rejected',
                    message: { vi: `Dòng bị từ chối: ${msg}`, en: `Row rejected: ${msg}` },
                  },
                ],
              });
            }
          }
        }
        const report = {
          atomic,
          created: results.filter((r) => r.status === 'created').length,
          updated: results.filter((r) => r.status === 'updated').length,
          failed: results.filter((r) => r.status === 'error').length,
          rows: results,
        };
        if (atomic && report.failed) {
          throw problems.badRequest(
            {
              vi: `Có ${report.failed} dòng lỗi; không dòng nào được lưu.`,
              en: `${report.failed} rows have errors; nothing was saved.`,
            },
            { code: 'import-rejected', extra: { report } },
          );
        }
        await audit({
          action: 'procedures.import',
          targetType: 'procedure',
          targetId: null,
          details: {
            format: type || 'application/json',
            created: results.filter((r) => r.status === 'created').map((r) => r.code),
            updated: results.filter((r) => r.status === 'updated').map((r) => r.code),
            failed: report.failed,
          },
        });
        return report;
      });
    },
  );
}
