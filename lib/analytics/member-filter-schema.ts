import { z } from "zod";
import { CHECK_IDS, CLASSIFICATIONS } from "@/lib/contract/vocabulary";
import { MEMBER_SORTS, SORT_DIRECTIONS, type MemberFilter } from "./members";

/** The members API's strict filter: a bad value is a 400 that names the parameter. */
export const MemberFilterSchema = z.strictObject({
  class: z.enum(CLASSIFICATIONS).optional(),
  phase: z.string().min(1).max(512).optional(),
  check: z.enum(CHECK_IDS).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(MEMBER_SORTS).default("classification"),
  dir: z.enum(SORT_DIRECTIONS).default("asc"),
}) satisfies z.ZodType<MemberFilter, unknown>;
