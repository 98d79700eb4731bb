-- AlterTable
ALTER TABLE "Observation" ADD COLUMN     "deprecatedMethods" JSONB NOT NULL DEFAULT '[]';
-- Observations stored before this migration recorded no per-method deprecations, and new rows always set it.
ALTER TABLE "Observation" ALTER COLUMN "deprecatedMethods" DROP DEFAULT;

-- AlterTable
ALTER TABLE "Scan" ADD COLUMN     "countUnit" TEXT NOT NULL DEFAULT 'definitions',
ADD COLUMN     "countedByClass" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "countedByPhase" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "nameCount" INTEGER NOT NULL DEFAULT 0;

-- Scans stored before this migration counted definitions: they keep that unit, their distinct names and
-- counted splits are derived from their observations and per-class columns (support only when the plan counted it).
UPDATE "Scan" SET
    "nameCount" = (SELECT COUNT(DISTINCT o."name") FROM "Observation" o WHERE o."scanId" = "Scan"."id"),
    "countedByClass" = jsonb_build_object('primary', "primaryCount", 'core', "coreCount", 'adapter', "adapterCount",
        'factory', "factoryCount", 'legacy', "legacyCount", 'interface', "interfaceCount",
        'support', CASE WHEN ("plan"->>'countSupport')::boolean THEN "supportCount" ELSE 0 END),
    "countedByPhase" = COALESCE((
        SELECT jsonb_object_agg(p."phaseName", p."phaseCount")
        FROM (SELECT COALESCE(o."phase", 'unphased') AS "phaseName", COUNT(*) AS "phaseCount"
              FROM "Observation" o WHERE o."scanId" = "Scan"."id" AND o."counted" GROUP BY 1) p
    ), '{}'::jsonb);

ALTER TABLE "Scan" ALTER COLUMN "countedByClass" DROP DEFAULT,
ALTER COLUMN "countedByPhase" DROP DEFAULT;
