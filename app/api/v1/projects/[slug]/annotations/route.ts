import { handleAnnotationPost, handleAnnotationsGet } from "@/lib/api/annotations";
import { route } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

export const GET = route<{ slug: string }>(async (request, { slug }) => handleAnnotationsGet(request, slug));

export const POST = route<{ slug: string }>(async (request, { slug }) => handleAnnotationPost(request, slug));
