"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * View state lives in the URL so every view is a permalink. Writes go through history.replaceState,
 * which Next keeps in sync with useSearchParams without a server round trip.
 */
export function useUrlState(defaults: Record<string, string>) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const get = useCallback((key: string) => searchParams.get(key) ?? defaults[key] ?? "", [searchParams, defaults]);
  const set = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === "" || value === defaults[key]) next.delete(key);
        else next.set(key, value);
      }
      const query = next.toString();
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [searchParams, pathname, defaults],
  );
  return { get, set };
}
