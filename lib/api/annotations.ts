import { z } from "zod";
import {
  AnnotationCreatedResponseSchema,
  AnnotationDeletedResponseSchema,
  AnnotationInputSchema,
  AnnotationListResponseSchema,
  type AnnotationCreatedResponse,
  type AnnotationDeletedResponse,
  type AnnotationListResponse,
} from "@/lib/contract/annotations";
import { ErrorBodySchema } from "@/lib/contract/responses";
import { getDb, type Db } from "@/lib/db/client";
import { createAnnotation, deleteAnnotation } from "@/lib/ingest/annotations";
import { getAnnotations, noteAnnotation } from "@/lib/queries/annotations";
import { getProject } from "@/lib/queries/projects";
import { parseQuery } from "./handler";
import { parseJsonBody } from "./request";
import { apiError, badRequest, notFound, respond, zodIssues } from "./response";
import { authorize } from "./scans";

/** Notes are small: far below the scans' 1 MB. */
const MAX_NOTE_BYTES = 16 * 1024;

const Instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const ListParams = z.strictObject({ since: Instant.optional(), until: Instant.optional() });

/** A date alone covers its whole UTC day, so both ends are inclusive. */
function instantOf(value: string | undefined, edge: "start" | "end"): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  return new Date(`${value}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}Z`);
}

/** GET /api/v1/projects/{slug}/annotations?since=&until=: automatic events and notes, by date. */
export async function handleAnnotationsGet(request: Request, slug: string, db: Db = getDb()): Promise<Response> {
  const query = parseQuery(request, ListParams);
  if (!query.ok) return query.response;
  const project = await getProject(db, slug);
  if (!project) return notFound(`no project "${slug}"`);
  const window = { since: instantOf(query.value.since, "start"), until: instantOf(query.value.until, "end") };
  if (window.since && window.until && window.since > window.until) {
    return badRequest(`since (${query.value.since}) is after until (${query.value.until})`);
  }
  const body: AnnotationListResponse = { annotations: await getAnnotations(db, project, window) };
  return respond(AnnotationListResponseSchema, body);
}

/** 422 naming the fields, in the annotation's own words (not the inventory contract's). */
async function invalidNote(response: Response): Promise<Response> {
  if (response.status !== 422) return response;
  const body = ErrorBodySchema.parse(await response.json());
  const issues = body.error.issues ?? [];
  const messages = [...new Set(issues.map((issue) => issue.message))].slice(0, 5).join("; ");
  return apiError(422, "invalid_body", `invalid annotation: ${messages || "see issues"}`, issues);
}

/** POST /api/v1/projects/{slug}/annotations `{ date, text, url? }` with the project's ingest token: 201 + the note. */
export async function handleAnnotationPost(request: Request, slug: string, db: Db = getDb()): Promise<Response> {
  const auth = await authorize(db, request, slug);
  if (!auth.ok) return auth.response;
  const body = await parseJsonBody(request, AnnotationInputSchema, MAX_NOTE_BYTES);
  if (!body.ok) return invalidNote(body.response);
  const stored = await createAnnotation(db, auth.project.id, body.value);
  const created: AnnotationCreatedResponse = { annotation: noteAnnotation(stored) };
  return respond(AnnotationCreatedResponseSchema, created, { status: 201 });
}

const NoteId = z.coerce.number().int().positive().max(2_147_483_647);

/** DELETE /api/v1/projects/{slug}/annotations/{id} with the project's ingest token: `{ deleted: 1 }`, or 404. */
export async function handleAnnotationDelete(request: Request, slug: string, id: string, db: Db = getDb()): Promise<Response> {
  const auth = await authorize(db, request, slug);
  if (!auth.ok) return auth.response;
  const parsed = NoteId.safeParse(id);
  if (!parsed.success) return badRequest(`annotation id must be a positive integer, not "${id.slice(0, 40)}"`, zodIssues(parsed.error));
  if (!(await deleteAnnotation(db, auth.project.id, parsed.data))) {
    return notFound(`no note ${parsed.data} in project "${slug}" (automatic annotations cannot be deleted)`);
  }
  const body: AnnotationDeletedResponse = { deleted: 1 };
  return respond(AnnotationDeletedResponseSchema, body);
}
