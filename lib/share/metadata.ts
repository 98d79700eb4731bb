import type { Metadata } from "next";
import { headers } from "next/headers";
import { publicOrigin } from "@/lib/api/origin";
import { STATUS_LABELS } from "@/lib/analytics/status";
import { etaLabel } from "@/lib/analytics/forecast";
import { formatCount } from "@/lib/contract/vocabulary";
import type { ProjectHeadline } from "@/lib/queries/timeline";

/** og:/twitter: tags for a shareable page; the image is our own PNG route, resolved against our origin. */
export async function shareMetadata(title: string, description: string, imagePath: string): Promise<Metadata> {
  const origin = publicOrigin(await headers());
  const image = { url: imagePath, width: 1200, height: 630, alt: title };
  return {
    title,
    description,
    metadataBase: new URL(origin),
    openGraph: { title, description, type: "website", siteName: "Converge", images: [image] },
    twitter: { card: "summary_large_image", title, description, images: [imagePath] },
  };
}

export function headlineDescription(headline: ProjectHeadline): string {
  const latest = headline.latest;
  if (!latest) return "No scans yet.";
  const units = formatCount({ names: latest.names, members: latest.definitions }, latest.countUnit);
  if (headline.status === "empty") return `${STATUS_LABELS.empty}: ${headline.statusDetail ?? "no members found"}.`;
  const target = headline.plan?.target ?? latest.finalTarget;
  const label = headline.forecast.state === "forecast" ? etaLabel(headline.forecast) : null;
  const eta = label ? ` · forecast ${label}` : "";
  const stale = headline.stale ? ` (${headline.stale.label})` : "";
  return `${latest.counted} / ${target} ${latest.countUnit} toward target · ${STATUS_LABELS[headline.status]}${stale}${eta} · ${units}`;
}
