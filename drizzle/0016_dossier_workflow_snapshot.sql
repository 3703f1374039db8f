ALTER TABLE "dossiers" ADD COLUMN "workflow" jsonb;--> statement-breakpoint
-- Dossiers already received and still able to walk steps get the catalog's workflow as it stands now
-- (what they followed until today), so later edits of the procedure no longer move them. Finished
-- and closed dossiers never read their steps again and are left as they are; a dossier not yet
-- received gets its snapshot at receipt. The keys match WorkflowSnapshotStep (dossiers/schema.ts).
UPDATE "dossiers" AS d
SET "workflow" = (
  SELECT coalesce(
    jsonb_agg(
      jsonb_build_object(
        'ordinal', w."ordinal",
        'name', w."name",
        'nameEn', w."name_en",
        'role', w."role",
        'agencyMode', w."agency_mode",
        'agencyId', w."agency_id",
        'sharePercent', w."share_percent"
      )
      ORDER BY w."ordinal"
    ),
    '[]'::jsonb
  )
  FROM "workflow_steps" AS w
  WHERE w."procedure_id" = d."procedure_id"
)
WHERE d."workflow" IS NULL
  AND d."received_at" IS NOT NULL
  AND d."status" IN ('received', 'processing', 'supplement_requested', 'awaiting_approval', 'suspended');
