import { z } from "zod";
import { CLASSIFICATIONS } from "./vocabulary";

/**
 * Annotations: events on a project's timeline. `note` is posted by someone (stored); the other kinds are
 * computed from the scans on every read (phase due dates, plan changes, merged pull requests, scans that
 * added or removed several members). Shared by the API, the CLI and the pages.
 */
export const ANNOTATION_KINDS = ["phase-due", "plan-change", "pull-request", "members-changed", "note"] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

export const ANNOTATION_KIND_LABELS: Record<AnnotationKind, string> = {
  "phase-due": "Phase due",
  "plan-change": "Plan change",
  "pull-request": "Pull request",
  "members-changed": "Members changed",
  note: "Note",
};

export const MAX_ANNOTATION_TEXT = 4096;
export const MAX_ANNOTATION_URL = 2048;
/** Members listed per annotation; `membersTotal` says how many there were. */
export const MAX_ANNOTATION_MEMBERS = 200;

const NO_CONTROL = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

/** Only http(s): a `javascript:` or `data:` link must never reach an href. */
export const AnnotationUrlSchema = z
  .string()
  .max(MAX_ANNOTATION_URL, `url: at most ${MAX_ANNOTATION_URL} characters`)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "url: must be an absolute http(s) URL");

/** A date (`2026-11-17`, read as midnight UTC) or an ISO instant with an offset. */
export const AnnotationDateSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "date: must be YYYY-MM-DD or an ISO instant with an offset",
});

/** The body of `POST /api/v1/projects/{slug}/annotations`. */
export const AnnotationInputSchema = z.strictObject({
  date: AnnotationDateSchema,
  text: z
    .string()
    .trim()
    .min(1, "text: must not be empty")
    .max(MAX_ANNOTATION_TEXT, `text: at most ${MAX_ANNOTATION_TEXT} characters`)
    .regex(NO_CONTROL, "text: no control characters except tab and newline"),
  url: AnnotationUrlSchema.nullish(),
});
export type AnnotationInput = z.infer<typeof AnnotationInputSchema>;

export const AnnotationMemberSchema = z.object({
  key: z.string(),
  name: z.string(),
  classification: z.enum(CLASSIFICATIONS),
  change: z.enum(["added", "removed", "reclassified"]),
});
export type AnnotationMember = z.infer<typeof AnnotationMemberSchema>;

export const TimelineAnnotationSchema = z.object({
  /** Stable per event: `note:12`, `pr:<sha>`, `plan:<sha>`, `members:<sha>`, `due:<phase>`. */
  id: z.string(),
  kind: z.enum(ANNOTATION_KINDS),
  /** ISO instant on the timeline. */
  date: z.string(),
  /** One line, plain text (untrusted: escape wherever it is shown). */
  text: z.string(),
  /** A second line: the pull request's title, the note's author context, the plan's details. */
  detail: z.string().nullable(),
  url: z.string().nullable(),
  /** The scan the event belongs to (null for notes and due dates). */
  sha: z.string().nullable(),
  /** The stored note's id, for `DELETE …/annotations/{noteId}` (notes only). */
  noteId: z.number().int().nullable(),
  members: z.array(AnnotationMemberSchema),
  membersTotal: z.number().int(),
});
export type TimelineAnnotation = z.infer<typeof TimelineAnnotationSchema>;

export const AnnotationListResponseSchema = z.object({ annotations: z.array(TimelineAnnotationSchema) });
export type AnnotationListResponse = z.infer<typeof AnnotationListResponseSchema>;

export const AnnotationCreatedResponseSchema = z.object({ annotation: TimelineAnnotationSchema });
export type AnnotationCreatedResponse = z.infer<typeof AnnotationCreatedResponseSchema>;

export const AnnotationDeletedResponseSchema = z.object({ deleted: z.number().int() });
export type AnnotationDeletedResponse = z.infer<typeof AnnotationDeletedResponseSchema>;

/** A date alone is midnight UTC of that day. */
export function annotationInstant(date: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00.000Z` : date);
}
