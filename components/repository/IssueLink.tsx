/** "Tracking issue #680": the family's issue link, only for an http(s) URL (the server already drops anything else). */
export function IssueLink({ url }: { url: string | null }) {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  const number = /\/(?:issues|pull)\/(\d+)\/?$/.exec(url)?.[1];
  return (
    <div className="issue-link">
      <a href={url} rel="noopener noreferrer nofollow" target="_blank" data-testid="issue-link">
        {number ? `Tracking issue #${number}` : "Tracking issue"}
      </a>
    </div>
  );
}
