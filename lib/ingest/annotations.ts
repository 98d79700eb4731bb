import { annotationInstant, type AnnotationInput } from "@/lib/contract/annotations";
import type { Db } from "@/lib/db/client";

export interface StoredNote {
  id: number;
  date: Date;
  text: string;
  url: string | null;
}

/** Stores a note posted on a project's timeline (the input is already validated by the contract). */
export async function createAnnotation(db: Db, projectId: number, input: AnnotationInput): Promise<StoredNote> {
  return db.annotation.create({
    data: { projectId, date: annotationInstant(input.date), text: input.text, url: input.url ?? null },
    select: { id: true, date: true, text: true, url: true },
  });
}

/** Deletes one note of this project: false when it does not exist or belongs to another project. */
export async function deleteAnnotation(db: Db, projectId: number, id: number): Promise<boolean> {
  const { count } = await db.annotation.deleteMany({ where: { id, projectId } });
  return count > 0;
}
