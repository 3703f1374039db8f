import { renderOfficialForm, vietnameseDateTime, type OfficialForm } from '../../platform/pdf/index.js';
/**
 * The receipt with the appointment (giấy tiếp nhận hồ sơ và hẹn trả kết quả) and the apology letter
 * with a new date (phiếu xin lỗi và hẹn lại ngày trả kết quả), following Mẫu số 01 and Mẫu số 04 of
 * Thông tư 01/2018/TT-VPCP. They take plain data, so the dossier module decides what goes in.
 */

export interface ReceiptData {
  code: string;
  agency: { parent?: string; name: string };
  place: string;
  receivedAt: Date;
  dueAt: Date;
  procedureName: string;
  applicant: { name: string; address?: string | null; phone?: string | null; email?: string | null };
  papers: { name: string; originals?: number; copies?: number }[];
  officer?: string | null;
  channel: 'online' | 'counter';
  /** Where the result is returned, e.g. the public-service centre's desk. */
  returnAt?: string;
  lookupUrl?: string;
}

export function receiptForm(d: ReceiptData): OfficialForm {
  return {
    agency: d.agency,
    number: `Mã hồ sơ: ${d.code}`,
    place: d.place,
    date: d.receivedAt,
    title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
    blocks: [
      {
        kind: 'paragraph',
        text: `${d.agency.name} tiếp nhận hồ sơ ${d.channel === 'online' ? 'nộp trực tuyến' : 'nộp trực tiếp'} của:`,
      },
      {
        kind: 'fields',
        rows: [
          ['Ông/Bà', d.applicant.name],
          ...(d.applicant.address ? ([['Địa chỉ', d.applicant.address]] as [string, string][]) : []),
          ...(d.applicant.phone ? ([['Số điện thoại', d.applicant.phone]] as [string, string][]) : []),
          ...(d.applicant.email ? ([['Thư điện tử', d.applicant.email]] as [string, string][]) : []),
          ['Nội dung yêu cầu giải quyết', d.procedureName],
        ],
      },
      {
        kind: 'table',
        columns: ['TT', 'Tên giấy tờ', 'Bản chính', 'Bản sao'],
        widths: [6, 60, 12, 12],
        rows: d.papers.map((p, i) => [String(i + 1), p.name, String(p.originals ?? 0), String(p.copies ?? 0)]),
      },
      {
        kind: 'fields',
        rows: [
          ['Số lượng hồ sơ', '01 (bộ)'],
          ['Thời gian nhận hồ sơ', vietnameseDateTime(d.receivedAt)],
          ['Thời gian trả kết quả giải quyết hồ sơ', vietnameseDateTime(d.dueAt)],
          ...(d.returnAt ? ([['Nhận kết quả tại', d.returnAt]] as [string, string][]) : []),
        ],
      },
      {
        kind: 'paragraph',
        italic: true,
        text: 'Vào Sổ theo dõi hồ sơ, Quyển số: điện tử. Người nộp hồ sơ giữ giấy này để nhận kết quả và tra cứu tình trạng hồ sơ.',
      },
    ],
    signature: { role: 'Người tiếp nhận hồ sơ', note: '(Ký và ghi rõ họ tên)', name: d.officer ?? undefined },
    footer: d.lookupUrl ? `Tra cứu tình trạng hồ sơ: ${d.lookupUrl} — mã hồ sơ ${d.code}` : undefined,
    meta: { subject: `Hồ sơ ${d.code}`, keywords: 'giấy tiếp nhận hồ sơ, hẹn trả kết quả' },
  };
}

export interface ApologyData {
  code: string;
  agency: { parent?: string; name: string };
  place: string;
  date: Date;
  applicantName: string;
  procedureName: string;
  receivedAt: Date;
  dueAt: Date;
  newDueAt: Date;
  reason: string;
  signer?: { role: string; name?: string };
}

export function apologyForm(d: ApologyData): OfficialForm {
  return {
    agency: d.agency,
    number: `Mã hồ sơ: ${d.code}`,
    place: d.place,
    date: d.date,
    title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
    blocks: [
      { kind: 'paragraph', text: `Kính gửi: Ông/Bà ${d.applicantName}.` },
      {
        kind: 'paragraph',
        text: `Ngày ${vietnameseDateTime(d.receivedAt)}, ${d.agency.name} tiếp nhận giải quyết hồ sơ "${d.procedureName}" của Ông/Bà, mã hồ sơ ${d.code}, hẹn trả kết quả vào ${vietnameseDateTime(d.dueAt)}.`,
      },
      { kind: 'paragraph', text: `Tuy nhiên đến nay, hồ sơ của Ông/Bà chưa giải quyết xong. Lý do: ${d.reason}` },
      { kind: 'paragraph', text: `Chúng tôi xin lỗi Ông/Bà và hẹn trả kết quả vào ${vietnameseDateTime(d.newDueAt)}.` },
      { kind: 'paragraph', text: 'Mong nhận được sự thông cảm của Ông/Bà.' },
    ],
    signature: {
      role: d.signer?.role ?? 'Thủ trưởng cơ quan',
      note: '(Ký, ghi rõ họ tên và đóng dấu)',
      name: d.signer?.name,
    },
    meta: { subject: `Hồ sơ ${d.code}`, keywords: 'phiếu xin lỗi, hẹn lại ngày trả kết quả' },
  };
}

export const renderReceipt = (d: ReceiptData) => renderOfficialForm(receiptForm(d));
export const renderApology = (d: ApologyData) => renderOfficialForm(apologyForm(d));
