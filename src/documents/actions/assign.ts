import { and, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { problems } from '../../platform/index.js';
import { documentAssignments } from '../schema.js';
import { checkAssignee } from './assignees.js';
import { defineAction, staff } from './base.js';

const Ids = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 50, uniqueItems: true });

/**
 * Phân công xử lý: a leader gives an incoming document to a lead handler (chủ trì), co-handlers (phối
 * hợp) and readers (nhận để biết), with a deadline in working time and an instruction (ý kiến chỉ đạo).
 * Assigning again replaces the earlier assignment (kept in the history).
 */
export const assign = defineAction<{
  leadId: string;
  coHandlerIds?: string[];
  readerIds?: string[];
  dueAt?: string;
  workingDays?: number;
  instruction?: string;
}>({
  name: 'assign',
  label: { vi: 'Phân công xử lý', en: 'Assign' },
  direction: 'incoming',
  from: ['registered', 'assigned', 'in_progress'],
  performers: [staff('documents.assign')],
  body: Type.Object(
    {
      leadId: Type.String({ format: 'uuid' }),
      coHandlerIds: Type.Optional(Ids),
      readerIds: Type.Optional(Ids),
      dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'Hạn xử lý — an explicit deadline' })),
      workingDays: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: 365,
          description: 'Hạn xử lý tính theo ngày làm việc — deadline in working days from now',
        }),
      ),
      instruction: Type.Optional(Type.String({ maxLength: 4000 })),
    },
    { additionalProperties: false },
  ),
  async run({ tx, document: d, input, principal, now, calendar, scopes }) {
    if (input.dueAt && input.workingDays)
      throw problems.invalidField(
        '/body/dueAt',
        {
          vi: 'Chỉ nhập hạn xử lý hoặc số ngày làm việc, không cả hai.',
          en: 'Give either a deadline or a number of working days, not both.',
        },
        'ambiguous-deadline',
      );
    const dueAt = input.dueAt
      ? new Date(input.dueAt)
      : input.workingDays
        ? calendar.addWorkingDays(now, input.workingDays)
        : null;
    if (dueAt && dueAt.getTime() <= now.getTime())
      throw problems.invalidField(
        '/body/dueAt',
        { vi: 'Hạn xử lý phải sau thời điểm hiện tại.', en: 'The deadline must be in the future.' },
        'past-deadline',
      );
    const co = input.coHandlerIds ?? [];
    const readers = input.readerIds ?? [];
    if (co.includes(input.leadId) || readers.includes(input.leadId) || co.some((c) => readers.includes(c))) {
      throw problems.invalidField(
        '/body/coHandlerIds',
        { vi: 'Một người chỉ giữ một vai trò trong phân công.', en: 'A person holds one part of an assignment only.' },
        'duplicate-assignee',
      );
    }
    await checkAssignee(tx, scopes, input.leadId, d.agencyId, 'documents.handle', '/body/leadId');
    for (const [i, id] of co.entries())
      await checkAssignee(tx, scopes, id, d.agencyId, 'documents.handle', `/body/coHandlerIds/${i}`);
    for (const [i, id] of readers.entries())
      await checkAssignee(tx, scopes, id, d.agencyId, 'documents.read', `/body/readerIds/${i}`);
    await tx
      .update(documentAssignments)
      .set({ active: false })
      .where(and(eq(documentAssignments.documentId, d.id), eq(documentAssignments.active, true)));
    const base = {
      documentId: d.id,
      assignedBy: principal.accountId,
      assignedAt: now,
      dueAt,
      instruction: input.instruction ?? null,
    };
    await tx
      .insert(documentAssignments)
      .values([
        { ...base, accountId: input.leadId, role: 'lead' as const },
        ...co.map((accountId) => ({ ...base, accountId, role: 'co' as const })),
        ...readers.map((accountId) => ({ ...base, accountId, role: 'reader' as const, dueAt: null })),
      ]);
    return {
      to: d.status === 'in_progress' ? 'in_progress' : 'assigned',
      set: { leadHandlerId: input.leadId, dueAt },
      details: {
        leadId: input.leadId,
        coHandlerIds: co,
        readerIds: readers,
        dueAt: dueAt?.toISOString() ?? null,
        ...(input.instruction ? { instruction: input.instruction } : {}),
      },
    };
  },
});
