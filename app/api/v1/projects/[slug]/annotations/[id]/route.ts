import { handleAnnotationDelete } from "@/lib/api/annotations";
import { route } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

export const DELETE = route<{ slug: string; id: string }>(async (request, { slug, id }) => handleAnnotationDelete(request, slug, id));
