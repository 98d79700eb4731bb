/**
 * `--post [URL]`: parseArgs has no optional values, so a bare `--post` becomes `--post=` (the URL
 * then comes from CONVERGE_URL) and `--post URL` is kept as it is.
 */
export function normalizeOptionalValue(argv: readonly string[], flag: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (arg !== flag) {
      out.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && /^https?:\/\//i.test(next)) {
      out.push(`${flag}=${next}`);
      i++;
    } else {
      out.push(`${flag}=`);
    }
  }
  return out;
}
