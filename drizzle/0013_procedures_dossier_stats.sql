-- The timeline of a dossier is append-only: an action, once recorded, is never changed or removed.
CREATE OR REPLACE FUNCTION dossier_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dossier_actions is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER dossier_actions_no_update BEFORE UPDATE OR DELETE ON dossier_actions FOR EACH ROW EXECUTE FUNCTION dossier_actions_append_only();
--> statement-breakpoint
-- One row per received dossier, classified for statistics: the read-only view the reporting module
-- reads (never the tables). No personal data. Local days are Vietnam time (UTC+7, no daylight saving).
-- outcome: early = result on a day before the appointment's day; on_time = by the appointment;
-- late = after it (an apology's new date does not change this); null = no result yet or refused.
CREATE VIEW procedures_dossier_stats AS
SELECT
  d.id AS dossier_id,
  d.procedure_id,
  d.agency_id,
  d.receiving_agency_id,
  a.unit_id AS agency_unit_id,
  d.applicant_unit_id,
  d.channel,
  (d.channel = 'online' AND p.online_level = 'full') AS fully_online,
  d.status,
  d.submitted_at,
  d.received_at,
  d.due_at,
  d.completed_at,
  d.returned_at,
  CASE
    WHEN d.completed_at IS NULL OR d.due_at IS NULL OR d.status = 'refused' THEN NULL
    WHEN d.completed_at > d.due_at THEN 'late'
    WHEN ((d.completed_at AT TIME ZONE 'UTC') + interval '7 hours')::date < ((d.due_at AT TIME ZONE 'UTC') + interval '7 hours')::date THEN 'early'
    ELSE 'on_time'
  END AS outcome,
  (d.status NOT IN ('result_ready', 'refused', 'returned', 'withdrawn')) AS pending,
  (d.status NOT IN ('result_ready', 'refused', 'returned', 'withdrawn') AND d.due_at IS NOT NULL AND coalesce(d.paused_since, now()) > d.due_at) AS pending_late,
  (d.new_due_at IS NOT NULL) AS apologized,
  d.rating
FROM dossiers d
JOIN procedures p ON p.id = d.procedure_id
JOIN agencies a ON a.id = d.agency_id
WHERE d.received_at IS NOT NULL;
