import type { BlobOccurrences, Language } from "../types";

// Defined with FileExtraction, which carries them (no cycle between the two modules).
export type { BlobOccurrences, Occurrence, OccurrenceKind } from "../types";

export interface FileOccurrences extends BlobOccurrences {
  file: string;
  language: Language;
}
