import { describe, expect, test } from "vitest";
import {
  apiPath,
  badgeHref,
  compareHref,
  engineHref,
  engineKeyFromSegments,
  fileLink,
  ogImageHref,
  projectHref,
  reportHref,
  scanHref,
} from "./links";

describe("page URLs", () => {
  test("slugs are encoded once, in every page URL", () => {
    expect(projectHref("a b/c")).toBe("/p/a%20b%2Fc");
    expect(scanHref("x y", "abc1234")).toBe("/p/x%20y/scans/abc1234");
    expect(compareHref("demo", "aaa1111", "bbb2222")).toBe("/p/demo/compare?from=aaa1111&to=bbb2222");
  });

  test("engine keys are one path segment, so no part of them is a dot segment", () => {
    expect(engineHref("demo", "pkg/mod.py::Engine #1")).toBe("/p/demo/engines/pkg%2Fmod.py%3A%3AEngine%20%231");
    expect(engineHref("demo", "pkg/../x/./y.py::E")).toBe("/p/demo/engines/pkg%2F..%2Fx%2F.%2Fy.py%3A%3AE");
    expect(apiPath.engine("demo", "pkg/a b.py::E", { format: "csv" })).toBe(
      "/api/v1/projects/demo/engines/pkg%2Fa%20b.py%3A%3AE?format=csv",
    );
  });

  test("a key comes back from its route's segments whether Next.js hands them encoded or decoded, % included", () => {
    for (const key of ["pkg/100%/e.py::E", "pkg/a b/q?#.py::Outer.E", "pkg/ünï/コード.py::E", "pkg/../x.py::E", "100%"]) {
      expect(engineKeyFromSegments([key]), key).toBe(key); // decoded (generateMetadata, route handlers)
      expect(engineKeyFromSegments([encodeURIComponent(key)]), key).toBe(key); // encoded (the page)
    }
    expect(engineKeyFromSegments(["pkg", "mod.py::E"])).toBe("pkg/mod.py::E");
    expect(engineKeyFromSegments(["pkg", "mod.py%3A%3AE"])).toBe("pkg/mod.py::E");
  });

  test("a file link is never built from a path with dot or empty segments", () => {
    const template = "https://github.com/org/repo/blob/{commit}/{file}#L{line}";
    expect(fileLink(template, "abc1234", "pkg/a b.py", 3)).toBe("https://github.com/org/repo/blob/abc1234/pkg/a%20b.py#L3");
    for (const file of ["../../../../evil/x.py", "pkg/./x.py", "/abs.py", "pkg//x.py", "pkg/", ".", ".."]) {
      expect(fileLink(template, "abc1234", file, 1), file).toBeNull();
    }
  });

  test("the report is a permalink only when pinned; og and badge take their options", () => {
    expect(reportHref("demo")).toBe("/p/demo/report");
    expect(reportHref("demo", { at: "abc1234", since: "def5678" })).toBe("/p/demo/report?at=abc1234&since=def5678");
    expect(ogImageHref("demo")).toBe("/p/demo/og.png");
    expect(ogImageHref("demo", { engine: "m.py::E&x=1" })).toBe("/p/demo/og.png?engine=m.py%3A%3AE%26x%3D1");
    expect(badgeHref("demo", { metric: "checks" })).toBe("/p/demo/badge.svg?metric=checks");
  });
});

describe("API paths", () => {
  test("every path lives under /api/v1/projects with the slug encoded", () => {
    expect(apiPath.projects()).toBe("/api/v1/projects");
    expect(apiPath.projects({ format: "csv" })).toBe("/api/v1/projects?format=csv");
    expect(apiPath.project("a&b")).toBe("/api/v1/projects/a%26b");
    expect(apiPath.scan("demo", "abc1234")).toBe("/api/v1/projects/demo/scans/abc1234");
    expect(apiPath.checks("demo")).toBe("/api/v1/projects/demo/checks");
    expect(apiPath.annotation("demo", 7)).toBe("/api/v1/projects/demo/annotations/7");
  });

  test("query values keep their order; undefined and null leave a parameter out", () => {
    expect(apiPath.projectScans("demo", { branch: "feat/x y", limit: 1 })).toBe("/api/v1/projects/demo/scans?branch=feat%2Fx+y&limit=1");
    expect(apiPath.projectScans("demo", { replace: undefined })).toBe("/api/v1/projects/demo/scans");
    expect(apiPath.report("demo", { at: null, since: "2026-01-05", format: "md" })).toBe(
      "/api/v1/projects/demo/report?since=2026-01-05&format=md",
    );
    expect(apiPath.compare("demo", new URLSearchParams({ from: "a", to: "b" }))).toBe("/api/v1/projects/demo/compare?from=a&to=b");
  });
});
