import Link from "next/link";
import { repositoryHref } from "@/lib/links";
import { IssueLink } from "./IssueLink";

export interface FamilyBarProps {
  repository: { slug: string; name: string };
  issueUrl: string | null;
}

/** Above every page of a family's project: the repository it belongs to (link back) and its tracking issue. */
export function FamilyBar({ repository, issueUrl }: FamilyBarProps) {
  return (
    <nav className="family-bar no-print" aria-label="Repository" data-testid="family-bar">
      <span>
        Family of{" "}
        <Link href={repositoryHref(repository.slug)} data-testid="repository-link">
          {repository.name}
        </Link>
      </span>
      <IssueLink url={issueUrl} />
    </nav>
  );
}
