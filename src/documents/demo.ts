/**
 * Demo data (npm start with the demo province): the registers of the Department of Justice and the
 * People's Committee get their abbreviations and places; the department gets a few
 * incoming documents (one assigned with a deadline) and an outgoing draft, so the pages are not empty. Small on purpose; the documents are received on paper (no scan attached).
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../platform/index.js';
import { agencyByCode, agencyByKey } from '../directory/index.js';
import { createDraft } from './drafts.js';
import { registerIncoming } from './incoming.js';
import { appendAction } from './service.js';
import { documentAgencySettings, documentAssignments, documents } from './schema.js';
import { accounts } from '../platform/index.js';

export async function seedDocumentsDemo(database: Database): Promise<void> {
  const db = database.db;
  const justice = await agencyByKey(db, 'STP');
  const office = await agencyByKey(db, 'VP');
  const province = await agencyByCode(db, '000.00.00.H57');
  if (!justice || !province) return;
  await db.transaction(async (tx) => {
    await tx
      .insert(documentAgencySettings)
      .values([
        { agencyId: province.id, abbreviation: 'UBND', place: 'Huế', parentName: null },
        { agencyId: justice.id, abbreviation: 'STP', place: 'Huế', parentName: 'UBND THÀNH PHỐ HUẾ' },
        ...(office
          ? [{ agencyId: office.id, abbreviation: 'VP', place: 'Huế', parentName: 'UBND THÀNH PHỐ HUẾ' }]
          : []),
      ])
      .onConflictDoNothing();
    const [leader] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'lanhdao'));
    const [specialist] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'chuyenvien'));
    if (!leader || !specialist) return;
    const now = new Date();
    // Registered as the department's clerk would; the demo has no clerk there (an administrator grants one).
    const clerk = { accountId: null, label: 'Văn thư Sở Tư pháp', at: now };
    const samples = [
      {
        typeCode: 'CV',
        summary: 'V/v đề nghị xác minh lý lịch tư pháp của công dân',
        senderName: 'Công an thành phố Huế',
        originalNumberSymbol: '1125/CAH-PV',
        urgency: 'urgent' as const,
      },
      {
        typeCode: 'KH',
        summary: 'Kế hoạch chuyển đổi số năm 2027 của thành phố Huế',
        senderName: 'UBND thành phố Huế',
        originalNumberSymbol: '412/KH-UBND',
        urgency: 'normal' as const,
      },
      {
        typeCode: 'GM',
        summary: 'Giấy mời dự họp giao ban công tác tư pháp quý IV',
        senderName: 'Bộ Tư pháp',
        originalNumberSymbol: '88/GM-BTP',
        urgency: 'normal' as const,
      },
    ];
    for (const [i, x] of samples.entries()) {
      const d = await registerIncoming(
        tx,
        { agencyId: justice.id, ...x, receivedVia: 'paper', originalDate: now.toISOString().slice(0, 10) },
        clerk,
      );
      if (i === 0) {
        const due = new Date(now.getTime() + 3 * 86_400_000);
        await tx
          .insert(documentAssignments)
          .values({
            documentId: d.id,
            accountId: specialist.id,
            role: 'lead',
            assignedBy: leader.id,
            assignedAt: now,
            dueAt: due,
            instruction: 'Giao chuyên viên kiểm tra, trả lời trong 3 ngày.',
          });
        const a = await appendAction(tx, d, {
          action: 'assign',
          actorId: leader.id,
          actorLabel: 'Lê Văn Lãnh Đạo',
          at: now,
          to: 'assigned',
          details: {
            leadId: specialist.id,
            dueAt: due.toISOString(),
            instruction: 'Giao chuyên viên kiểm tra, trả lời trong 3 ngày.',
          },
        });
        await tx
          .update(documents)
          .set({ status: 'assigned', leadHandlerId: specialist.id, dueAt: due, lastSeq: a.seq })
          .where(and(eq(documents.id, d.id)));
      }
    }
    await createDraft(
      tx,
      {
        agencyId: justice.id,
        typeCode: 'CV',
        summary: 'V/v trả lời đề nghị xác minh lý lịch tư pháp',
        body: 'Sở Tư pháp nhận được Công văn số 1125/CAH-PV của Công an thành phố Huế.\nSau khi tra cứu cơ sở dữ liệu lý lịch tư pháp, Sở Tư pháp trả lời như sau: …',
        recipients: [{ name: 'Công an thành phố Huế' }],
        signerCapacity: 'KT. GIÁM ĐỐC',
        signerTitle: 'PHÓ GIÁM ĐỐC',
        signerName: 'Lê Văn Lãnh Đạo',
      },
      { accountId: specialist.id, label: 'Trần Văn Chuyên', at: now },
    );
  });
}
