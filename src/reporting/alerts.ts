/**
 * The operations centre's live alerts (cảnh báo). An alert is a row written in the transaction that
 * finds it, with `NOTIFY tinhso_reporting_alert, '<id>'` sent in that same transaction: PostgreSQL
 * delivers it on commit to every process that LISTENs (several app instances behind a load balancer),
 * and PGlite to its own process. Each process keeps the browsers connected to it (server-sent events)
 * and sends them every alert it hears of.
 */
import pg from 'pg';
import { desc, eq, gt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Executor } from '../platform/index.js';
import { reportingAlerts } from './schema.js';

export const ALERT_CHANNEL = 'tinhso_reporting_alert';
export type Alert = typeof reportingAlerts.$inferSelect;
export const ALERT_KINDS = [
  'dossiers_late',
  'dossiers_due_soon',
  'feedback_overdue',
  'documents_overdue',
  'report_overdue',
  'rank_fell',
  'on_time_fell',
] as const;

export const alertView = (a: Alert) => ({
  id: a.id,
  kind: a.kind,
  agencyId: a.agencyId,
  titleVi: a.titleVi,
  titleEn: a.titleEn,
  link: a.link,
  details: a.details as Record<string, unknown>,
  createdAt: a.createdAt.toISOString(),
});
export type AlertView = ReturnType<typeof alertView>;

/** Records an alert and announces it on commit. */
export async function raiseAlert(
  tx: Executor,
  a: {
    kind: (typeof ALERT_KINDS)[number];
    agencyId?: string | null;
    titleVi: string;
    titleEn: string;
    link?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<Alert> {
  const [row] = await tx
    .insert(reportingAlerts)
    .values({
      kind: a.kind,
      agencyId: a.agencyId ?? null,
      titleVi: a.titleVi,
      titleEn: a.titleEn,
      link: a.link ?? null,
      details: a.details ?? {},
    })
    .returning();
  await tx.execute(sql`SELECT pg_notify(${ALERT_CHANNEL}, ${row!.id})`);
  return row!;
}

export async function recentAlerts(db: Executor, opts: { limit?: number; since?: Date } = {}): Promise<Alert[]> {
  return db
    .select()
    .from(reportingAlerts)
    .where(opts.since ? gt(reportingAlerts.createdAt, opts.since) : undefined)
    .orderBy(desc(reportingAlerts.createdAt))
    .limit(opts.limit ?? 50);
}

type Subscriber = (a: AlertView) => void;

/** One per process: LISTENs for alerts and hands each to the subscribers (the SSE streams) of this process. */
export class AlertHub {
  private subscribers = new Set<Subscriber>();
  private client: pg.Client | null = null;
  private off: (() => Promise<void>) | null = null;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private database: Database,
    private log: Logger,
  ) {}

  get size() {
    return this.subscribers.size;
  }

  subscribe(fn: Subscriber): () => void {
    this.subscribers.add(fn);
    return () => void this.subscribers.delete(fn);
  }

  private async deliver(id: string | undefined) {
    if (!id || !/^[0-9a-f-]{36}$/.test(id) || this.subscribers.size === 0) return;
    const [row] = await this.database.db.select().from(reportingAlerts).where(eq(reportingAlerts.id, id));
    if (!row) return;
    const view = alertView(row);
    for (const s of this.subscribers) s(view);
  }

  private dispatch = (payload: string | undefined) =>
    void this.deliver(payload).catch((err) => this.log.warn({ err }, 'reporting alert: delivery failed'));

  async start(): Promise<void> {
    if (this.database.pglite) {
      const unlisten = await this.database.pglite.listen(ALERT_CHANNEL, this.dispatch);
      this.off = async () => unlisten();
      return;
    }
    if (this.database.pool) await this.connect();
  }

  /** A dedicated connection (LISTEN holds it), re-opened when it drops. */
  private async connect(): Promise<void> {
    const c = new pg.Client(this.database.pool!.options);
    const lost = () => {
      if (this.client !== c) return;
      this.client = null;
      c.removeAllListeners();
      c.on('error', () => {});
      void c.end().catch(() => {});
      if (this.closed) return;
      this.log.warn('reporting alerts: LISTEN connection lost; reconnecting');
      this.timer = setTimeout(() => void this.connect().catch(() => lost()), 1000);
      this.timer.unref();
    };
    c.on('notification', (m) => this.dispatch(m.payload));
    c.on('error', lost);
    c.on('end', lost);
    this.client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${ALERT_CHANNEL}`);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'reporting alerts: cannot LISTEN yet');
      lost();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.subscribers.clear();
    if (this.off) await this.off();
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners();
      c.on('error', () => {});
      await c.end().catch(() => {});
    }
  }
}
