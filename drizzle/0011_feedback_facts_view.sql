-- Field reports as facts for the reporting module (chỉ số phản ánh hiện trường): one row per report,
-- merged duplicates left out, no reporter identity. A view over a join is not updatable: read-only.
CREATE VIEW "feedback_report_facts" AS
SELECT
  r.id,
  r.public_id,
  r.category_id,
  c.code AS category_code,
  r.agency_id,
  r.unit_id,
  r.channel,
  r.status,
  r.created_at,
  r.due_at,
  r.first_resolved_at,
  r.resolved_at,
  r.reopen_count,
  r.rating,
  (r.status IN ('new', 'in_progress', 'info_requested')) AS is_open,
  (r.status = 'resolved' AND r.resolved_at <= r.due_at) AS resolved_on_time,
  (r.status = 'resolved' AND r.resolved_at > r.due_at) AS resolved_late,
  (r.reopen_count > 0) AS resolution_not_lasting,
  CASE WHEN r.status = 'resolved' THEN extract(epoch FROM (r.resolved_at - r.created_at)) / 3600.0 END AS resolution_hours
FROM feedback_reports r
JOIN feedback_categories c ON c.id = r.category_id
WHERE r.status <> 'merged';
