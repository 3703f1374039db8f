import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/** How a received dossier stands for statistics: still pending, done (result ready or returned), refused, withdrawn. */
export const STATS_STATES = ['pending', 'done', 'refused', 'withdrawn'] as const;
/** Result against the appointment; `none`: no result yet, no appointment, or refused (as in procedures_dossier_stats). */
export const STATS_OUTCOMES = ['early', 'on_time', 'late', 'none'] as const;

/**
 * The rollup of dossier statistics (bảng tổng hợp thống kê hồ sơ): how many received dossiers share
 * one combination of what the statistics count and filter by. It is kept by statement-level triggers
 * on `dossiers` in the same transaction as every change of a dossier (drizzle/0018), so reading it
 * needs no scan of the dossiers and is never stale. Only received dossiers are counted, as in the
 * view procedures_dossier_stats that it stands for.
 *
 * What it deliberately does not hold:
 * - "fully online" (toàn trình): the view compares the channel with the procedure's *current*
 *   online level, which an admin may change; the channel is kept and the procedures table joined at
 *   query time, so the figures move with the catalog exactly as the view's do.
 * - whether a pending dossier is past its appointment: that depends on now(). `due_day` keeps what
 *   is fixed (see the column) and the dossiers due on today's local day are read live.
 * - the agency's administrative unit: looked up from `agency_id` at query time (agencies move).
 */
export const dossierStatsRollup = pgTable(
  'dossier_stats_rollup',
  {
    /** Local day (Vietnam, UTC+7) of received_at: the period filters are whole local days. */
    day: date('day', { mode: 'string' }).notNull(),
    agencyId: uuid('agency_id').notNull(),
    receivingAgencyId: uuid('receiving_agency_id').notNull(),
    procedureId: uuid('procedure_id').notNull(),
    channel: text('channel').notNull(),
    state: text('state', { enum: STATS_STATES }).notNull(),
    outcome: text('outcome', { enum: STATS_OUTCOMES }).notNull(),
    /**
     * For a pending dossier whose clock runs: the local day of its appointment, so that it is late
     * from the day after (and, on that very day, from the appointment's time: read live). For a
     * paused pending dossier lateness is frozen (paused_since > due_at): '-infinity' if late,
     * 'infinity' if not. 'infinity' too for no appointment and for dossiers no longer pending.
     */
    dueDay: date('due_day', { mode: 'string' }).notNull(),
    received: integer('received').notNull(),
    /** Ratings given (đánh giá hài lòng) and their sum, for the average. */
    ratings: integer('ratings').notNull(),
    ratingSum: integer('rating_sum').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'dossier_stats_rollup_pk',
      columns: [t.day, t.agencyId, t.receivingAgencyId, t.procedureId, t.channel, t.state, t.outcome, t.dueDay],
    }),
    // Rows that fell to zero are deleted by the trigger that emptied them (and one below zero is refused
    // there: a CHECK cannot say it, as an upsert's negative delta is checked before it meets its row).
    index('dossier_stats_rollup_empty_idx')
      .on(t.day)
      .where(sql`${t.received} <= 0`),
  ],
);
