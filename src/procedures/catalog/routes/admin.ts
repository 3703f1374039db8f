import {
  errorResponses,
  problems,
  PROVINCE,
  requirePermission,
  requireRoleFor,
  transact,
  type App,
  type Target,
} from '../../../platform/index.js';
import {
  changedFields,
  checkRefs,
  createProcedure,
  getProcedure,
  procedureWord,
  replaceFees,
  replacePapers,
  replaceWorkflow,
  updateProcedure,
  workflowErrors,
  invalid,
  DEFAULT_WORKFLOW,
} from '../service.js';
import {
  CreateProcedureBody,
  detailView,
  IdParams,
  PatchProcedureBody,
  ProcedureDetailView,
  stepView,
  StepView,
  WorkflowBody,
} from './views.js';
import { Type } from 'typebox';

const tags = ['procedures'];

/** A duplicate national code is a 409, not a 500. */
function conflictOnCode(err: unknown): never {
  const e = err as { code?: string; cause?: { code?: string } };
  if ((e.code ?? e.cause?.code) === '23505')
    throw problems.conflict(
      { vi: 'Mã thủ tục đã có trong danh mục.', en: 'A procedure with this code already exists.' },
      { code: 'duplicate-code' },
    );
  throw err;
}

/** A procedure is the record of its competent agency; one of no agency is the province's. */
const procedureTarget = (agencyId: string | null | undefined): Target => (agencyId ? { agencyId } : PROVINCE);

/** Managing the catalog: administrators only ('procedures.manage'), each within the agencies he administers. */
export async function adminCatalogRoutes(app: App) {
  const db = app.ctx.db;

  app.post(
    '/api/procedures',
    {
      schema: {
        tags,
        summary: 'Thêm thủ tục — create a procedure',
        body: CreateProcedureBody,
        response: { 201: ProcedureDetailView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      requireRoleFor(req, 'procedures.manage');
      const { papers, fees, workflow, ...cols } = req.body;
      await checkRefs(db, cols.fieldCode, cols.agencyId, papers, cols.resultKindCode);
      await requirePermission(req, 'procedures.manage', procedureTarget(cols.agencyId));
      const steps = workflow ?? DEFAULT_WORKFLOW;
      const errors = await workflowErrors(db, steps, '/body/workflow');
      if (errors.length) invalid(errors);
      const id = await transact(req, async (tx, audit) => {
        const p = await createProcedure(tx, cols);
        await replacePapers(tx, p.id, papers ?? []);
        await replaceFees(tx, p.id, fees ?? []);
        await replaceWorkflow(tx, p.id, steps);
        await audit({
          action: 'procedures.create',
          targetType: 'procedure',
          targetId: p.id,
          details: { code: p.code, name: p.name },
        });
        return p.id;
      }).catch(conflictOnCode);
      return reply.code(201).send(detailView((await getProcedure(db, id))!));
    },
  );

  app.patch(
    '/api/procedures/:id',
    {
      schema: {
        tags,
        summary: 'Sửa thủ tục — update a procedure',
        params: IdParams,
        body: PatchProcedureBody,
        response: { 200: ProcedureDetailView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      requireRoleFor(req, 'procedures.manage');
      const current = await getProcedure(db, req.params.id);
      if (!current) throw problems.notFound(procedureWord);
      const { papers, fees, ...cols } = req.body;
      await checkRefs(db, cols.fieldCode, cols.agencyId, papers, cols.resultKindCode);
      // Judged where it is and where it goes: moving a procedure to one's own agency takes it from another.
      await requirePermission(req, 'procedures.manage', procedureTarget(current.agencyId));
      if (cols.agencyId !== undefined && cols.agencyId !== current.agencyId)
        await requirePermission(req, 'procedures.manage', procedureTarget(cols.agencyId));
      await transact(req, async (tx, audit) => {
        const { before, after } = await updateProcedure(tx, req.params.id, cols);
        if (papers) await replacePapers(tx, after.id, papers);
        if (fees) await replaceFees(tx, after.id, fees);
        await audit({
          action: 'procedures.update',
          targetType: 'procedure',
          targetId: after.id,
          details: {
            code: after.code,
            changes: changedFields(before, after),
            papersReplaced: Boolean(papers),
            feesReplaced: Boolean(fees),
          },
        });
      }).catch(conflictOnCode);
      return detailView((await getProcedure(db, req.params.id))!);
    },
  );

  app.put(
    '/api/procedures/:id/workflow',
    {
      schema: {
        tags,
        summary: 'Thay quy trình xử lý — replace the workflow (shares must sum to 100)',
        params: IdParams,
        body: WorkflowBody,
        response: { 200: Type.Object({ steps: Type.Array(StepView) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      requireRoleFor(req, 'procedures.manage');
      const current = await getProcedure(db, req.params.id);
      if (!current) throw problems.notFound(procedureWord);
      await requirePermission(req, 'procedures.manage', procedureTarget(current.agencyId));
      const steps = await transact(req, async (tx, audit) => {
        const saved = await replaceWorkflow(tx, current.id, req.body.steps);
        await audit({
          action: 'procedures.workflow.replace',
          targetType: 'procedure',
          targetId: current.id,
          details: { code: current.code, from: current.workflow.map(stepView), to: saved.map(stepView) },
        });
        return saved;
      });
      return { steps: steps.map(stepView) };
    },
  );
}
