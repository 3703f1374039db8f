-- The rollup of dossier statistics (dossier_stats_rollup, 0017) is kept by statement-level triggers on
-- dossiers: each statement's rows (transition tables) are grouped once by the rollup's key and applied
-- as one upsert, so an INSERT … SELECT of millions of rows costs one aggregation, and an UPDATE that
-- leaves a dossier under the same key (most workflow steps) nets to nothing and writes nothing.
-- Classification mirrors the view procedures_dossier_stats (0013), which stays for the reporting module.

-- Local day in Vietnam (UTC+7, no daylight saving), whatever the session's time zone.
CREATE FUNCTION dossier_stats_local_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((t AT TIME ZONE 'UTC') + interval '7 hours')::date
$$;
--> statement-breakpoint
-- pending as in the view: every status but result_ready, refused, returned, withdrawn.
CREATE FUNCTION dossier_stats_state(status text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN status IN ('result_ready', 'returned') THEN 'done' WHEN status IN ('refused', 'withdrawn') THEN status ELSE 'pending' END
$$;
--> statement-breakpoint
-- The view's outcome, with 'none' for its NULL (a key column cannot be NULL).
CREATE FUNCTION dossier_stats_outcome(status text, completed_at timestamptz, due_at timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN completed_at IS NULL OR due_at IS NULL OR status = 'refused' THEN 'none'
    WHEN completed_at > due_at THEN 'late'
    WHEN ((completed_at AT TIME ZONE 'UTC') + interval '7 hours')::date < ((due_at AT TIME ZONE 'UTC') + interval '7 hours')::date THEN 'early'
    ELSE 'on_time'
  END
$$;
--> statement-breakpoint
-- The view's pending_late is `pending AND due_at IS NOT NULL AND coalesce(paused_since, now()) > due_at`.
-- What of it does not depend on now() goes in the key: a paused dossier's lateness is frozen
-- ('-infinity': late, 'infinity': within); a running one is late from the day after its appointment's
-- local day (its due_day < today) and within before that day; on that day the statistics read it live.
CREATE FUNCTION dossier_stats_due_day(status text, due_at timestamptz, paused_since timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN status IN ('result_ready', 'refused', 'returned', 'withdrawn') OR due_at IS NULL THEN 'infinity'::date
    WHEN paused_since IS NOT NULL THEN CASE WHEN paused_since > due_at THEN '-infinity'::date ELSE 'infinity'::date END
    ELSE ((due_at AT TIME ZONE 'UTC') + interval '7 hours')::date
  END
$$;
--> statement-breakpoint
-- Keys are upserted in key order, so two transactions never take the same rows in opposite orders.
-- A row that falls to zero is deleted before the statement ends (found through the partial index
-- dossier_stats_rollup_empty_idx): no committed zero row ever exists, so the DELETE only meets rows
-- this transaction holds and never waits for another. A count below zero means the rollup had lost
-- a dossier (e.g. triggers disabled during a load): refused, rather than figures silently wrong.
CREATE FUNCTION dossier_stats_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  broken bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO dossier_stats_rollup AS r (day, agency_id, receiving_agency_id, procedure_id, channel, state, outcome, due_day, received, ratings, rating_sum)
    SELECT dossier_stats_local_day(d.received_at), d.agency_id, d.receiving_agency_id, d.procedure_id, d.channel,
           dossier_stats_state(d.status), dossier_stats_outcome(d.status, d.completed_at, d.due_at), dossier_stats_due_day(d.status, d.due_at, d.paused_since),
           count(*), count(d.rating), coalesce(sum(d.rating), 0)
    FROM new_rows d
    WHERE d.received_at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT ON CONSTRAINT dossier_stats_rollup_pk DO UPDATE
      SET received = r.received + excluded.received, ratings = r.ratings + excluded.ratings, rating_sum = r.rating_sum + excluded.rating_sum;
    RETURN NULL;
  END IF;

  IF TG_OP = 'UPDATE' THEN
    -- The net change per key: + each row as it is now, − as it was.
    INSERT INTO dossier_stats_rollup AS r (day, agency_id, receiving_agency_id, procedure_id, channel, state, outcome, due_day, received, ratings, rating_sum)
    SELECT dossier_stats_local_day(d.received_at), d.agency_id, d.receiving_agency_id, d.procedure_id, d.channel,
           dossier_stats_state(d.status), dossier_stats_outcome(d.status, d.completed_at, d.due_at), dossier_stats_due_day(d.status, d.due_at, d.paused_since),
           sum(d.sign), coalesce(sum(d.sign) FILTER (WHERE d.rating IS NOT NULL), 0), coalesce(sum(d.sign * d.rating), 0)
    FROM (SELECT n.received_at, n.agency_id, n.receiving_agency_id, n.procedure_id, n.channel, n.status, n.completed_at, n.due_at, n.paused_since, n.rating, 1 AS sign FROM new_rows n
          UNION ALL
          SELECT o.received_at, o.agency_id, o.receiving_agency_id, o.procedure_id, o.channel, o.status, o.completed_at, o.due_at, o.paused_since, o.rating, -1 FROM old_rows o) d
    WHERE d.received_at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    HAVING sum(d.sign) <> 0 OR coalesce(sum(d.sign) FILTER (WHERE d.rating IS NOT NULL), 0) <> 0 OR coalesce(sum(d.sign * d.rating), 0) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT ON CONSTRAINT dossier_stats_rollup_pk DO UPDATE
      SET received = r.received + excluded.received, ratings = r.ratings + excluded.ratings, rating_sum = r.rating_sum + excluded.rating_sum;
  ELSE
    INSERT INTO dossier_stats_rollup AS r (day, agency_id, receiving_agency_id, procedure_id, channel, state, outcome, due_day, received, ratings, rating_sum)
    SELECT dossier_stats_local_day(d.received_at), d.agency_id, d.receiving_agency_id, d.procedure_id, d.channel,
           dossier_stats_state(d.status), dossier_stats_outcome(d.status, d.completed_at, d.due_at), dossier_stats_due_day(d.status, d.due_at, d.paused_since),
           -count(*), -count(d.rating), -coalesce(sum(d.rating), 0)
    FROM old_rows d
    WHERE d.received_at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT ON CONSTRAINT dossier_stats_rollup_pk DO UPDATE
      SET received = r.received + excluded.received, ratings = r.ratings + excluded.ratings, rating_sum = r.rating_sum + excluded.rating_sum;
  END IF;
  WITH gone AS (DELETE FROM dossier_stats_rollup WHERE received <= 0 RETURNING received, ratings, rating_sum)
  SELECT count(*) FILTER (WHERE received < 0 OR ratings <> 0 OR rating_sum <> 0) INTO broken FROM gone;
  IF broken > 0 THEN
    RAISE EXCEPTION 'dossier_stats_rollup would count below zero: rebuild it from dossiers' USING ERRCODE = 'data_exception';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION dossier_stats_rollup_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dossier_stats_rollup;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Transition tables allow one event per trigger: three triggers, one function.
CREATE TRIGGER dossier_stats_rollup_insert AFTER INSERT ON dossiers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dossier_stats_rollup_apply();
--> statement-breakpoint
CREATE TRIGGER dossier_stats_rollup_update AFTER UPDATE ON dossiers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dossier_stats_rollup_apply();
--> statement-breakpoint
CREATE TRIGGER dossier_stats_rollup_delete AFTER DELETE ON dossiers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dossier_stats_rollup_apply();
--> statement-breakpoint
CREATE TRIGGER dossier_stats_rollup_truncate AFTER TRUNCATE ON dossiers FOR EACH STATEMENT EXECUTE FUNCTION dossier_stats_rollup_clear();
--> statement-breakpoint
-- The dossiers received so far. The triggers above already hold a lock on dossiers that keeps writers
-- out until this migration commits, so no change can fall between this count and the triggers.
INSERT INTO dossier_stats_rollup (day, agency_id, receiving_agency_id, procedure_id, channel, state, outcome, due_day, received, ratings, rating_sum)
SELECT dossier_stats_local_day(d.received_at), d.agency_id, d.receiving_agency_id, d.procedure_id, d.channel,
       dossier_stats_state(d.status), dossier_stats_outcome(d.status, d.completed_at, d.due_at), dossier_stats_due_day(d.status, d.due_at, d.paused_since),
       count(*), count(d.rating), coalesce(sum(d.rating), 0)
FROM dossiers d
WHERE d.received_at IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
