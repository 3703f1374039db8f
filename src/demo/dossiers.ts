/**
 * The living demo's dossiers (hồ sơ): a year of them across the demo's procedures and agencies,
 * submitted online or received at the desk, in every state — waiting for the desk, received, being
 * processed (across agencies for the judicial record), waiting for papers, awaiting approval, result
 * ready, returned early, on time or late (with the apology a late dossier owes), refused, rated —
 * so that the officers' queues, the statistics and the IOC open on what a real province sees.
 *
 * Every dossier goes through the procedures module's own intake and actions at a past instant
 * (`intakeAt`, `actAt`): the same checks, codes, appointments on the working calendar, action rows,
 * audit rows, outbox intents and statistics rollup (kept by its triggers) as the API's. The staff are
 * real accounts acting within their grants. Deterministic: a seeded generator picks everything.
 * Every applicant address and note says "(Minh hoạ)": demo data.
 */
import { sql } from 'drizzle-orm';
import { addProfile, agencyByCode, agencyByKey, directoryScopes } from '../directory/index.js';
import {
  createAccount,
  grantRole,
  queryRows,
  CalendarService,
  type Database,
  type Files,
  type Principal,
  type Tx,
  type WorkingCalendar,
} from '../platform/index.js';
import {
  actAt,
  getProcedure,
  intakeAt,
  principalOf,
  type Dossier,
  type PastContext,
  type ProcedureDetail,
} from '../procedures/index.js';
// The platform's printable-form renderer: the demo's papers and results are real PDFs, in Vietnamese.
import { renderOfficialForm } from '../platform/pdf/official-form.js';
import { DEMO_PASSWORD } from './accounts.js';
import { seeded } from './living.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Staff the demo's dossiers need beyond the demo accounts (src/demo/accounts.ts, the feedback handlers). */
export const DOSSIER_DEMO_STAFF = [
  {
    username: 'chuyenvien.snv',
    displayName: 'Lý Thị Nội Vụ',
    role: 'specialist' as const,
    agencyCode: '000.00.02.H57',
    position: 'Chuyên viên Sở Nội vụ (minh hoạ)',
  },
  {
    username: 'lanhdao.snv',
    displayName: 'Trịnh Văn Sở',
    role: 'leader' as const,
    agencyCode: '000.00.02.H57',
    position: 'Lãnh đạo Sở Nội vụ (minh hoạ)',
  },
  {
    username: 'lanhdao.sxd',
    displayName: 'Phan Văn Dựng',
    role: 'leader' as const,
    agencyCode: '000.00.05.H57',
    position: 'Lãnh đạo Sở Xây dựng (minh hoạ)',
  },
  {
    username: 'chuyenvien.phuxuan',
    displayName: 'Mai Thị Hộ Tịch',
    role: 'specialist' as const,
    agencyCode: '000.00.41.H57',
    position: 'Công chức tư pháp – hộ tịch phường Phú Xuân (minh hoạ)',
  },
  {
    username: 'lanhdao.phuxuan',
    displayName: 'Tôn Thất Phường',
    role: 'leader' as const,
    agencyCode: '000.00.41.H57',
    position: 'Chủ tịch UBND phường Phú Xuân (minh hoạ)',
  },
];

/** Citizens who submit online (no password: they exist to have submitted); `congdan` files some too. */
const CITIZENS = 16;
const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Tôn Nữ',
  'Nguyễn Phúc',
];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Ngọc', 'Đức', 'Thanh', 'Quang'];
const GIVEN = [
  'An',
  'Bình',
  'Châu',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hiếu',
  'Hoa',
  'Khánh',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Nam',
  'Phúc',
  'Quỳnh',
  'Sơn',
  'Tâm',
  'Thảo',
  'Trang',
  'Tuấn',
  'Vy',
];
const STREETS = [
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Hùng Vương',
  'Nguyễn Huệ',
  'Lý Thường Kiệt',
  'Điện Biên Phủ',
  'Bà Triệu',
  'Phan Đình Phùng',
  'Chi Lăng',
  'Đinh Tiên Hoàng',
];

/** The procedures the demo files, where, how often, and how many processing steps their workflow has. */
interface DemoProcedure {
  code: string;
  /** Handled by this agency (its identifier); for a commune-level procedure, the ward's People's Committee. */
  agency: string;
  /** The one-stop desk: the province's public administration service centre, or the ward's own. */
  desk: 'centre' | 'ward';
  weight: number;
}
const WARD = '000.00.41.H57';
const PROCEDURES: DemoProcedure[] = [
  { code: '2.000488', agency: '000.00.04.H57', desk: 'centre', weight: 5 },
  { code: '2.000505', agency: '000.00.04.H57', desk: 'centre', weight: 2 },
  { code: '1.000401', agency: '000.00.02.H57', desk: 'centre', weight: 2 },
  { code: '1.009972', agency: '000.00.05.H57', desk: 'centre', weight: 2 },
  { code: '1.001193', agency: WARD, desk: 'ward', weight: 5 },
  { code: '1.000656', agency: WARD, desk: 'ward', weight: 2 },
  { code: '1.001731', agency: WARD, desk: 'ward', weight: 2 },
  { code: '1.001776', agency: WARD, desk: 'ward', weight: 1 },
  { code: '2.000575', agency: WARD, desk: 'ward', weight: 2 },
];

export interface DemoDossiersOptions {
  /** The demo's "today"; dossiers fall in the year before it. */
  now?: Date;
  dossiers?: number;
  seed?: number;
}

export interface DemoDossiersResult {
  /** False when the demo's dossiers were already there (nothing written). */
  loaded: boolean;
  dossiers: number;
  actions: number;
  byStatus: Record<string, number>;
}

/** Marks the demo's dossiers (their creation's client transaction id): the guard against loading them twice. */
const MARK = 'living-demo-';

/** Loads the demo's dossiers into a database holding the demo province; `files` stores their papers and results. */
export async function seedDemoDossiers(
  database: Database,
  files: Files,
  opts: DemoDossiersOptions = {},
): Promise<DemoDossiersResult> {
  const rnd = seeded(opts.seed ?? 20260101);
  const now = opts.now ?? new Date();
  const count = opts.dossiers ?? 400;
  const db = database.db;
  const result: DemoDossiersResult = { loaded: false, dossiers: 0, actions: 0, byStatus: {} };
  const [seen] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM dossiers WHERE create_transaction_id LIKE ${MARK + '%'}`,
  );
  if (seen!.n > 0) return result;
  const calendar: WorkingCalendar = await new CalendarService(db).calendar();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + rnd() * (hi - lo);

  // The PDFs are stored before the transaction (bytes on disk or in the bucket; recorded inside it).
  const procs = new Map<string, ProcedureDetail>();
  for (const p of PROCEDURES) {
    const detail = await getProcedure(db, p.code);
    if (!detail) throw new Error(`seedDemoDossiers: no procedure ${p.code} (load the demo province first)`);
    procs.set(p.code, detail);
  }
  const form = (title: string, text: string) =>
    renderOfficialForm({
      agency: { name: '(MINH HOẠ)' },
      place: 'Huế',
      date: now,
      title,
      blocks: [{ kind: 'paragraph', text }],
      footer: 'Tài liệu minh hoạ của bản trình diễn Tỉnh số — demo document.',
    });
  // One paper and one result for every dossier: what matters in the demo is that they open.
  const blobs = {
    paper: await files.put(await form('GIẤY TỜ MINH HOẠ', 'Thành phần hồ sơ minh hoạ (tờ khai, giấy tờ kèm theo).'), {
      filename: 'giay-to-minh-hoa.pdf',
    }),
    result: await files.put(await form('KẾT QUẢ MINH HOẠ', 'Kết quả giải quyết thủ tục hành chính minh hoạ.'), {
      filename: 'ket-qua-minh-hoa.pdf',
    }),
  };
  // The accounts first, then the dossiers a few at a time: a transaction per chunk lets a server that already answers
  // (npm start makes them in the background) go on serving between chunks, where one transaction would hold it.
  const { staff, citizens } = await db.transaction(async (t) => ({
    staff: await demoStaff(t),
    citizens: await demoCitizens(t, pick),
  }));
  let tx!: Tx;
  let scopes!: ReturnType<typeof directoryScopes>;
  const ctx = (principal: Principal, at: Date): PastContext => ({ tx, files, calendar, at, principal, scopes });
  {
    const recorded = new Set<string>();
    // Each actor names only files they uploaded: the desk scans the papers, the applicant uploads them, the specialist the result.
    const upload = async (
      blob: { sha256: string } & Parameters<Files['record']>[1],
      who: Principal,
      filename: string,
    ) => {
      const key = `${blob.sha256}:${who.accountId}`;
      if (!recorded.has(key)) await files.record(tx, blob, { accountId: who.accountId, filename });
      recorded.add(key);
      return blob.sha256;
    };
    const weights = PROCEDURES.flatMap((p) => Array.from({ length: p.weight }, () => p));
    const onlineWeights = weights.filter((w) => procs.get(w.code)?.onlineLevel !== 'offline');
    // Oldest first, as they came in; a year back, more of them lately (the portal's use grows).
    const ages = Array.from({ length: count }, () => 365 * Math.pow(rnd(), 1.3)).sort((a, b) => b - a);
    // The last few came in online within the last day, whatever day and hour the demo is loaded: citizens submit on
    // evenings and weekends too, and the desk's queue is never empty on a Monday morning.
    const RECENT = Math.min(3, count);
    for (let k = 0; k < RECENT; k++) ages[count - 1 - k] = Math.min(ages[count - 1 - k]!, 0.1 + 0.3 * k);

    for (let first = 0; first < ages.length; first += CHUNK)
      await db.transaction(async (t) => {
        tx = t;
        scopes = directoryScopes(t);
        for (const [i, ageDays] of ages.entries()) if (i >= first && i < first + CHUNK) await one(i, ageDays);
      });

    async function one(i: number, ageDays: number): Promise<void> {
      const recent = i >= count - RECENT && onlineWeights.length > 0;
      const dp = recent ? pick(onlineWeights) : pick(weights);
      const p = procs.get(dp.code)!;
      const handling = staff.agency(dp.agency);
      const desk = dp.desk === 'centre' ? staff.centre : handling;
      const online = p.onlineLevel !== 'offline' && (recent || rnd() < (p.onlineLevel === 'full' ? 0.6 : 0.35));
      const applicant = online ? (rnd() < 0.08 ? citizens.congdan : pick(citizens.list)) : null;
      const who = {
        name: applicant?.displayName ?? `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`,
        idNumber: idNumber(rnd),
      };
      const address = `${1 + Math.floor(rnd() * 200)} ${pick(STREETS)}, phường Phú Xuân, thành phố Huế (Minh hoạ)`;
      // An online submission is sent at any hour; the desk receives in working hours.
      const t0 = recent
        ? new Date(now.getTime() - ageDays * DAY)
        : calendar.addWorkingMs(new Date(now.getTime() - ageDays * DAY), between(0, 6) * HOUR);
      if (t0.getTime() >= now.getTime()) return;
      const author = online ? applicant! : desk.officer;
      const paperSha = await upload(blobs.paper, author, 'giay-to-minh-hoa.pdf');
      const attachments = p.papers
        .filter((x) => x.provision === 'upload' && x.mandatory)
        .map((x) => ({ paperId: x.id, files: [paperSha] }));
      let d: Dossier;
      try {
        d = await intakeAt(
          ctx(author, t0),
          online ? 'online' : 'counter',
          {
            procedureId: p.id,
            agencyId: handling.id,
            receivingAgencyId: desk.id,
            applicant: { name: who.name, idNumber: who.idNumber, address, phone: phone(rnd) },
            formData: formData(p, who, address, t0, rnd),
            attachments,
          },
          `${MARK}${i}`,
        );
      } catch (e) {
        throw new Error(`seedDemoDossiers: dossier ${i} (${p.code}) not received: ${describe(e)}`, { cause: e });
      }
      result.dossiers++;
      let t = t0;
      // Each action at its time, if that time has come; the dossier stops where "today" finds it.
      const act = async (
        at: Date,
        by: Principal,
        action: string,
        input: Record<string, unknown> = {},
      ): Promise<boolean> => {
        if (at.getTime() >= now.getTime()) return false;
        try {
          d = await actAt(ctx(by, at), d.id, action, input);
        } catch (e) {
          throw new Error(`seedDemoDossiers: dossier ${i} (${p.code}, ${d.status}) ${action}: ${describe(e)}`, {
            cause: e,
          });
        }
        result.actions++;
        t = at;
        return true;
      };
      const later = (workingHours: number) => calendar.addWorkingMs(t, workingHours * HOUR);
      await run();
      result.byStatus[d.status] = (result.byStatus[d.status] ?? 0) + 1;

      async function run(): Promise<void> {
        // The desk works through the online queue within the day; the last few days' submissions still wait for it.
        if (
          online &&
          !(await act(later(ageDays < 3 ? between(6, 30) : between(0.5, 8)), desk.officer, 'receive', {
            note: 'Hồ sơ đầy đủ, tiếp nhận. (Minh hoạ)',
          }))
        )
          return;
        const received = t;
        const r = rnd();
        if (r < 0.05)
          return void (await act(later(between(1, 6)), desk.officer, 'refuse', {
            reasons: ['Hồ sơ không thuộc thẩm quyền giải quyết hoặc không đủ điều kiện theo quy định. (Minh hoạ)'],
          }));
        // How it ends: before, near, or after the appointment; a few stay stuck past it.
        const outcome = r < 0.45 ? 'early' : r < 0.82 ? 'on_time' : r < 0.94 ? 'late' : 'stuck';
        const span = Math.max(calendar.workingTimeBetween(received, d.dueAt!), HOUR);
        let finish =
          outcome === 'early'
            ? calendar.addWorkingMs(received, span * between(0.3, 0.75))
            : outcome === 'on_time'
              ? calendar.addWorkingMs(received, span * between(0.8, 0.97))
              : calendar.addWorkingMs(d.dueAt!, between(3, 40) * HOUR);
        const at = (f: number) => calendar.addWorkingMs(received, f * calendar.workingTimeBetween(received, finish));
        if (!(await act(at(0.05), desk.officer, 'assign', { handlerId: handling.specialist.accountId }))) return;
        if (rnd() < (ageDays < 45 ? 0.3 : 0.1)) {
          if (
            !(await act(at(0.2), desk.officer, 'request-supplement', {
              reason: 'Đề nghị bổ sung bản sao giấy tờ còn thiếu. (Minh hoạ)',
              papers: ['Bản sao giấy tờ tùy thân'],
            }))
          )
            return;
          // Lately asked applicants have often not come back yet: their dossiers wait, the clock stopped.
          if (ageDays < 45 && rnd() < 0.6) return;
          const by = d.applicantAccountId ? (citizens.byId.get(d.applicantAccountId) ?? desk.officer) : desk.officer;
          const paused = between(4, 60) * HOUR;
          if (
            !(await act(calendar.addWorkingMs(t, paused), by, 'supplement', { note: 'Đã bổ sung giấy tờ. (Minh hoạ)' }))
          )
            return;
          // The appointment moved by the time the clock stood still: so does the rest of the plan.
          finish = calendar.addWorkingMs(finish, paused);
        }
        const stuckAt = outcome === 'stuck' ? pick(['processing', 'awaiting_approval']) : null;
        let k = 0;
        while (d.status === 'processing') {
          if (stuckAt === 'processing' && k === 0) break;
          const f = Math.max(
            calendar.workingTimeBetween(received, t) / Math.max(calendar.workingTimeBetween(received, finish), 1),
            0.1,
          );
          const when = maxDate(
            calendar.addWorkingMs(received, Math.min(0.7, f + 0.25) * calendar.workingTimeBetween(received, finish)),
            later(0.25),
          );
          if (!d.currentHandlerId) {
            // Another agency's step (liên thông): the desk assigns that agency's specialist.
            if (
              !(await act(when, desk.officer, 'assign', {
                handlerId: staff.agencyById(d.currentAgencyId).specialist.accountId,
              }))
            )
              return;
            continue;
          }
          if (
            !(await act(when, staff.agencyById(d.currentAgencyId).specialist, 'process-step', {
              opinion: 'Hồ sơ đủ điều kiện giải quyết. (Minh hoạ)',
            }))
          )
            return;
          k++;
        }
        if (outcome === 'late' || outcome === 'stuck') await apologize();
        if (stuckAt) return;
        if (!(await act(maxDate(at(0.85), later(0.25)), handling.leader, 'approve', { note: 'Đồng ý. (Minh hoạ)' })))
          return;
        if (outcome === 'late') await apologize();
        const resultSha = await upload(blobs.result, handling.specialist, 'ket-qua-minh-hoa.pdf');
        if (
          !(await act(maxDate(finish, later(0.25)), handling.specialist, 'attach-result', {
            sha256: resultSha,
            note: 'Đã có kết quả. (Minh hoạ)',
          }))
        )
          return;
        // A result is handed over once its fee is paid; the demo records no payments, so a dossier with a fee waits at the desk.
        if (d.feeTotal > 0) return;
        if (
          !(await act(later(between(0.5, 16)), desk.officer, 'return', {
            note: 'Đã trả kết quả cho người nộp. (Minh hoạ)',
          }))
        )
          return;
        const rater = d.applicantAccountId ? citizens.byId.get(d.applicantAccountId) : undefined;
        if (rater && rnd() < 0.7) {
          const stars = outcome === 'late' ? 2 + Math.floor(rnd() * 2) : rnd() < 0.8 ? 5 - Math.floor(rnd() * 2) : 3;
          await act(new Date(t.getTime() + between(1, 72) * HOUR), rater, 'rate', {
            rating: stars,
            ...(rnd() < 0.4
              ? {
                  comment:
                    stars >= 4 ? 'Cán bộ hướng dẫn tận tình, đúng hẹn. (Minh hoạ)' : 'Còn chậm so với hẹn. (Minh hoạ)',
                }
              : {}),
          });
        }
      }

      /** Past its appointment and without a result, the desk writes the apology letter with a new date, once. */
      async function apologize(): Promise<void> {
        if (d.newDueAt || d.completedAt || d.pausedSince || !d.dueAt) return;
        const at = maxDate(calendar.addWorkingMs(d.dueAt, between(0.5, 4) * HOUR), new Date(t.getTime() + 60_000));
        await act(at, desk.officer, 'apologize', {
          reason: 'Hồ sơ cần thêm thời gian xác minh; xin lỗi ông/bà và hẹn lại ngày trả kết quả. (Minh hoạ)',
          workingDays: 3,
        });
      }
    }
  }
  result.loaded = true;
  return result;
}

/** Dossiers per transaction. */
const CHUNK = 20;
const maxDate = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
const describe = (e: unknown) => {
  const x = e as { message?: string; detail?: unknown; extra?: unknown; errors?: unknown };
  return JSON.stringify({ message: x.message, detail: x.detail, extra: x.extra, errors: x.errors });
};

/** A 12-digit personal identification number of someone born 1950–1999 in Huế (046). */
function idNumber(rnd: () => number): string {
  return `046${Math.floor(rnd() * 2)}${50 + Math.floor(rnd() * 50)}${String(Math.floor(rnd() * 1_000_000)).padStart(6, '0')}`;
}
function phone(rnd: () => number): string {
  return `09${String(10_000_000 + Math.floor(rnd() * 89_999_999)).padStart(8, '0')}`;
}

/** The procedure's form filled in as an applicant would: its required fields, by their type. */
function formData(
  p: ProcedureDetail,
  who: { name: string; idNumber: string },
  address: string,
  at: Date,
  rnd: () => number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pastDate = (maxDays: number) =>
    new Date(at.getTime() - (1 + Math.floor(rnd() * maxDays)) * DAY + 7 * HOUR).toISOString().slice(0, 10);
  for (const f of p.formFields) {
    if (!f.required) continue;
    if (f.prefill === 'idNumber' || f.key === 'applicantIdNumber') out[f.key] = who.idNumber;
    else if (f.key === 'applicantName') out[f.key] = who.name;
    else if (f.key === 'applicantAddress') out[f.key] = address;
    else if (f.type === 'idNumber') out[f.key] = idNumber(rnd);
    else if (f.type === 'date') out[f.key] = pastDate(/birth/i.test(f.key) && !/child/i.test(f.key) ? 20_000 : 30);
    else if (f.type === 'number') out[f.key] = Math.min(f.max ?? 1e9, Math.max(f.min ?? 1, 1 + Math.floor(rnd() * 3)));
    else if (f.type === 'select') out[f.key] = f.options?.[Math.floor(rnd() * (f.options?.length ?? 0))]?.value;
    else if (f.type === 'checkbox') out[f.key] = true;
    else if (f.type === 'textarea') out[f.key] = `(Minh hoạ) Nội dung ${f.label.vi.toLowerCase()}.`;
    else
      out[f.key] = /name/i.test(f.key)
        ? `${FAMILY[Math.floor(rnd() * FAMILY.length)]} ${GIVEN[Math.floor(rnd() * GIVEN.length)]}`
        : `(Minh hoạ) ${f.label.vi}`;
  }
  return out;
}

interface AgencyStaff {
  id: string;
  officer: Principal;
  specialist: Principal;
  leader: Principal;
}

/** The demo's staff by agency: the demo accounts where they exist, the few more this demo adds. */
async function demoStaff(tx: Tx) {
  for (const s of DOSSIER_DEMO_STAFF) {
    const agency = await agencyByCode(tx, s.agencyCode);
    if (!agency) throw new Error(`seedDemoDossiers: no agency ${s.agencyCode}`);
    const [exists] = await queryRows<{ id: string }>(tx, sql`SELECT id FROM accounts WHERE username = ${s.username}`);
    if (exists) continue;
    const acc = await createAccount(tx, { username: s.username, displayName: s.displayName, password: DEMO_PASSWORD });
    await grantRole(tx, acc.id, { role: s.role, scopeKind: 'agency', scopeId: agency.id });
    await addProfile(tx, acc.id, { agencyId: agency.id, position: s.position });
  }
  const as = (u: string) => principalOf(tx, u);
  const motcua = await as('motcua');
  const phuxuan = await as('phuxuan');
  const centre = await agencyByKey(tx, 'TTHCC');
  if (!centre) throw new Error('seedDemoDossiers: no public administration service centre (TTHCC)');
  const byCode = new Map<string, AgencyStaff>();
  const add = async (code: string, officer: Principal, specialist: string, leader: string) => {
    const a = await agencyByCode(tx, code);
    if (!a) throw new Error(`seedDemoDossiers: no agency ${code}`);
    byCode.set(code, { id: a.id, officer, specialist: await as(specialist), leader: await as(leader) });
  };
  await add('000.00.04.H57', motcua, 'chuyenvien', 'lanhdao');
  await add('000.00.02.H57', motcua, 'chuyenvien.snv', 'lanhdao.snv');
  await add('000.00.05.H57', motcua, 'xaydung', 'lanhdao.sxd');
  await add(WARD, phuxuan, 'chuyenvien.phuxuan', 'lanhdao.phuxuan');
  // The police's step of the judicial record (liên thông): its specialist; it approves nothing.
  await add('000.00.90.H57', motcua, 'congan', 'congan');
  const byId = new Map([...byCode.values()].map((a) => [a.id, a]));
  return {
    centre: { id: centre.id, officer: motcua },
    agency: (code: string) => byCode.get(code)!,
    agencyById: (id: string) => {
      const a = byId.get(id);
      if (!a) throw new Error(`seedDemoDossiers: no demo staff at agency ${id}`);
      return a;
    },
  };
}

/** The citizens who submit online: `congdan` and some more, created here without a password. */
async function demoCitizens(tx: Tx, pick: <T>(xs: readonly T[]) => T) {
  const list: Principal[] = [];
  for (let n = 1; n <= CITIZENS; n++) {
    const username = `congdan.mh${String(n).padStart(2, '0')}`;
    const [exists] = await queryRows<{ id: string }>(tx, sql`SELECT id FROM accounts WHERE username = ${username}`);
    if (!exists) {
      const acc = await createAccount(tx, { username, displayName: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}` });
      await grantRole(tx, acc.id, { role: 'citizen', scopeKind: 'none', scopeId: null });
    }
    list.push(await principalOf(tx, username));
  }
  const congdan = await principalOf(tx, 'congdan');
  const byId = new Map([...list, congdan].map((p) => [p.accountId, p]));
  return { list, congdan, byId };
}
