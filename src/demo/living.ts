/**
 * A living demo: the demo province opens with three months of field reports (phản ánh hiện trường)
 * across categories, wards and states — new, in progress, resolved, rated, reopened, rejected and
 * overdue — so the public map, Open311 and the handlers' queues show what a real province sees.
 *
 * Every report goes through the feedback module's own submission and actions (`submitReport`, the
 * action definitions and `recordAction`), at a past instant, with the audit row each action writes:
 * the same rows a citizen and an officer would have made. Deterministic: a seeded generator picks
 * everything, so two fresh demos are alike. Every description starts with "(Minh hoạ)": demo data.
 *
 * Not part of the test templates (src/platform/testing/templates.ts): tests count the demo's rows.
 */
import { eq, sql } from 'drizzle-orm';
import {
  appendAudit,
  CalendarService,
  queryRows,
  type Database,
  type Tx,
  type WorkingCalendar,
} from '../platform/index.js';
import { directoryScopes } from '../directory/index.js';
import { feedbackCategories, submitReport, type Report } from '../feedback/index.js';
// The action definitions are the feedback module's own; the demo replays them at past instants, which its HTTP route cannot.
import { recordAction, REPORT_ACTIONS, type ReportActionDef } from '../feedback/actions/index.js';
import { readSettings, type FeedbackSettings } from '../feedback/settings.js';
import { accounts } from '../platform/auth/schema.js';

/** mulberry32: a small, well-known seeded generator; the same seed gives the same demo. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** What people write, per category (the seed categories' codes). */
const TEXTS: Record<string, string[]> = {
  'moi-truong': [
    'Rác thải sinh hoạt tồn đọng nhiều ngày chưa được thu gom',
    'Đổ trộm xà bần ven đường',
    'Mùi hôi từ cống thoát nước gần chợ',
    'Đốt rác gây khói bụi khu dân cư',
  ],
  'giao-thong': [
    'Ổ gà lớn giữa đường, xe máy dễ té ngã',
    'Biển báo giao thông bị gãy đổ',
    'Đèn tín hiệu giao thông không hoạt động',
    'Mặt đường lún sụt sau mưa',
  ],
  'trat-tu-do-thi': [
    'Lấn chiếm vỉa hè để buôn bán',
    'Quảng cáo rao vặt dán trên cột điện',
    'Xây dựng không phép trong hẻm',
    'Đậu xe ô tô chắn lối đi',
  ],
  'dien-chieu-sang': [
    'Đèn đường hỏng cả đoạn, ban đêm rất tối',
    'Dây điện võng thấp nguy hiểm',
    'Cột đèn nghiêng sau bão',
  ],
  'cap-thoat-nuoc': [
    'Ống nước vỡ, nước chảy tràn mặt đường',
    'Ngập úng cục bộ sau mưa lớn',
    'Nắp cống bị mất, nguy hiểm cho người đi đường',
  ],
  'an-ninh-trat-tu': ['Tụ tập gây ồn ào về đêm', 'Nghi có hoạt động cờ bạc trong khu dân cư'],
  'y-te': ['Cơ sở kinh doanh thực phẩm mất vệ sinh', 'Nhiều muỗi, đề nghị phun thuốc phòng sốt xuất huyết'],
  'giao-duc': ['Xe đưa đón học sinh chạy quá tốc độ trước cổng trường'],
  'du-lich': ['Chèo kéo du khách tại điểm tham quan', 'Nhà vệ sinh công cộng tại điểm du lịch xuống cấp'],
  khac: ['Cây xanh gãy đổ chắn lối đi', 'Chó thả rông không rọ mõm'],
};

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
  'Nguyễn Sinh Cung',
];

type Target = 'new' | 'in_progress' | 'resolved' | 'rated' | 'reopened' | 'rejected';

/** How a report's life went; shares of a province's usual mix. */
function pickTarget(r: number, ageDays: number): Target {
  // Young reports are mostly still open; old ones mostly closed.
  if (ageDays < 3) return r < 0.6 ? 'new' : 'in_progress';
  if (r < 0.08) return 'new';
  if (r < 0.28) return 'in_progress';
  if (r < 0.55) return 'resolved';
  if (r < 0.85) return 'rated';
  if (r < 0.93) return 'reopened';
  return 'rejected';
}

export interface LivingOptions {
  /** The demo's "today"; the reports fall in the 90 days before it. */
  now?: Date;
  reports?: number;
  seed?: number;
}

export interface LivingResult {
  reports: number;
  actions: number;
  byTarget: Record<Target, number>;
}

/** Loads the living demo into a database that holds the demo province (src/seed.ts, `living`). */
export async function seedLivingDemo(database: Database, opts: LivingOptions = {}): Promise<LivingResult> {
  const rnd = seeded(opts.seed ?? 20250701);
  const now = opts.now ?? new Date();
  const count = opts.reports ?? 300;
  const db = database.db;
  const calendar: WorkingCalendar = await new CalendarService(db).calendar();
  const categories = await db
    .select({ id: feedbackCategories.id, code: feedbackCategories.code })
    .from(feedbackCategories)
    .where(eq(feedbackCategories.active, true));
  const places = await queryRows<{ lat: number; lng: number; name: string }>(
    db,
    sql`SELECT lat, lng, name FROM admin_units WHERE valid_to IS NULL AND lat IS NOT NULL AND lng IS NOT NULL AND level = 3 ORDER BY code`,
  );
  const [citizen] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'congdan'));
  const [admin] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'admin'));
  if (!categories.length || !places.length || !admin)
    throw new Error('seedLivingDemo: load the demo province first (categories, units, accounts)');
  const defs = new Map(REPORT_ACTIONS.map((d) => [d.name, d as ReportActionDef<Record<string, unknown>>]));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  // Oldest first, as they came in.
  const ages = Array.from({ length: count }, () => rnd() * 90).sort((a, b) => b - a);
  const result: LivingResult = {
    reports: 0,
    actions: 0,
    byTarget: { new: 0, in_progress: 0, resolved: 0, rated: 0, reopened: 0, rejected: 0 },
  };

  // One transaction for the whole load: a fresh demo either has its months of life or none of them.
  await db.transaction(async (tx) => {
    const settings = await readSettings(tx);
    for (const [i, ageDays] of ages.entries()) {
      const category = pick(categories);
      const place = pick(places);
      const target = pickTarget(rnd(), ageDays);
      // Within about 300 m of the ward's centre: inside the ward, on its streets.
      const lat = place.lat + (rnd() - 0.5) * 0.005;
      const lng = place.lng + (rnd() - 0.5) * 0.005;
      const at = new Date(now.getTime() - ageDays * DAY);
      const text = pick(TEXTS[category.code] ?? TEXTS.khac!);
      const street = pick(STREETS);
      const phone = `09${String(10_000_000 + Math.floor(rnd() * 89_999_999)).padStart(8, '0')}`;
      const byAccount = citizen && rnd() < 0.3;
      const reporter = byAccount ? { accountId: citizen.id, phone: null } : { accountId: null, phone };
      const steps = plan(target, rnd);

      try {
        {
          const submitted = await submitReport(
            tx,
            {
              category: category.code,
              description: `(Minh hoạ) ${text} trên đường ${street}, ${place.name}.`,
              lat,
              lng,
              address: `Đường ${street}, ${place.name}`,
              confirmNew: true,
            },
            {
              channel: pick(['app', 'web', 'web', 'hotline'] as const),
              reporter,
              actor: { kind: 'reporter', accountId: reporter.accountId },
              uploader: reporter,
              calendar,
              now: at,
            },
          );
          let report = submitted.report;
          await appendAudit(tx, {
            actorId: reporter.accountId,
            actorLabel: reporter.accountId ? 'congdan' : 'reporter',
            action: 'feedback.submit',
            targetType: 'feedback_report',
            targetId: report.id,
            details: { publicId: report.publicId, demo: true, at: at.toISOString() },
            scope: { agencyId: report.agencyId },
          });
          let t = at.getTime();
          for (const s of steps) {
            t += s.afterHours * HOUR;
            if (t >= now.getTime()) break;
            report = await act(
              tx,
              defs.get(s.action)!,
              report,
              s.input,
              s.by === 'staff' ? admin.id : reporter.accountId,
              s.by,
              new Date(t),
              calendar,
              settings,
            );
            result.actions++;
          }
        }
        result.reports++;
        result.byTarget[target]++;
      } catch (e) {
        throw new Error(
          `seedLivingDemo: report ${i} (${category.code} at ${place.name}) failed: ${(e as Error).message}`,
          { cause: e },
        );
      }
    }
  });
  return result;
}

interface Step {
  action: string;
  by: 'staff' | 'reporter';
  afterHours: number;
  input: Record<string, unknown>;
}

/** The actions that take a report to its target state, each some hours after the one before. */
function plan(target: Target, rnd: () => number): Step[] {
  const h = (lo: number, hi: number) => lo + rnd() * (hi - lo);
  const accept: Step = {
    action: 'accept',
    by: 'staff',
    afterHours: h(1, 30),
    input: { note: 'Đã tiếp nhận, chuyển bộ phận chuyên môn xử lý.' },
  };
  const resolve: Step = {
    action: 'resolve',
    by: 'staff',
    afterHours: h(10, 120),
    input: { note: 'Đã xử lý xong tại hiện trường.' },
  };
  const rate = (stars: number): Step => ({
    action: 'rate',
    by: 'reporter',
    afterHours: h(2, 48),
    input: { rating: stars },
  });
  switch (target) {
    case 'new':
      return [];
    case 'in_progress':
      return [accept];
    case 'resolved':
      return [accept, resolve];
    case 'rated':
      return [accept, resolve, rate(rnd() < 0.75 ? 5 - Math.floor(rnd() * 2) : 1 + Math.floor(rnd() * 3))];
    case 'reopened':
      return [
        accept,
        resolve,
        {
          action: 'reopen',
          by: 'reporter',
          afterHours: h(2, 48),
          input: { reason: 'Sự việc vẫn tái diễn, đề nghị kiểm tra lại.', photos: [] },
        },
      ];
    case 'rejected':
      return [
        {
          action: 'reject',
          by: 'staff',
          afterHours: h(1, 24),
          input: { kind: 'invalid', reason: 'Nội dung không thuộc phạm vi tiếp nhận phản ánh hiện trường.' },
        },
      ];
  }
}

/** One action as POST …/actions/:action performs it (feedback/actions/base.ts), at a past instant. */
async function act(
  tx: Tx,
  def: ReportActionDef<Record<string, unknown>>,
  report: Report,
  input: Record<string, unknown>,
  accountId: string | null,
  by: 'staff' | 'reporter',
  now: Date,
  calendar: WorkingCalendar,
  settings: FeedbackSettings,
): Promise<Report> {
  if (!def.from.includes(report.status)) throw new Error(`${def.name} cannot start from ${report.status}`);
  const why = def.guard?.(report, now, settings);
  if (why) throw new Error(why.en);
  const actor = { kind: by, accountId, phone: by === 'reporter' ? report.reporterPhone : null, principal: null };
  const effect = await def.run({ tx, report, input, actor, now, calendar, settings, scopes: directoryScopes(tx) });
  const done = await recordAction(tx, report, {
    action: def.name,
    actor,
    to: effect.to,
    set: effect.set,
    details: effect.details,
    photos: [],
    now,
  });
  await appendAudit(tx, {
    actorId: accountId,
    actorLabel: by === 'staff' ? 'admin' : 'reporter',
    action: `feedback.${def.name}`,
    targetType: 'feedback_report',
    targetId: report.id,
    details: {
      publicId: report.publicId,
      from: report.status,
      to: done.report.status,
      demo: true,
      at: now.toISOString(),
    },
    scope: { agencyId: done.report.agencyId },
  });
  return done.report;
}
