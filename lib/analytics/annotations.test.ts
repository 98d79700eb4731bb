import { describe, expect, test } from "vitest";
import type { Classification, Plan } from "@/lib/contract/inventory";
import {
  automaticAnnotations,
  describeMemberChanges,
  describePlanChange,
  needsMemberDiff,
  parsePullRequest,
  pullRequestUrl,
  type AnnotationScan,
} from "./annotations";
import { diffMembers } from "./diff";

type Member = Parameters<typeof diffMembers>[0][number];

function member(name: string, classification: Classification): Member {
  return {
    key: `pkg/${name.toLowerCase()}.py::${name}`,
    name,
    kind: "class",
    file: `pkg/${name.toLowerCase()}.py`,
    line: 1,
    classification,
    bodyHash: `body-${name}`,
    constructor: null,
  };
}

const plan: Plan = {
  pattern: "ExecutionEngine",
  primary: "UserExecutionEngine",
  target: 12,
  countSupport: false,
  count: "names",
  phases: [],
};

const primary = member("UserExecutionEngine", "primary");
const adapters = ["A", "B", "C", "D", "E", "F"].map((letter) => member(`${letter}AdapterExecutionEngine`, "adapter"));
const cores = ["X", "Y", "Z"].map((letter) => member(`${letter}ExecutionEngine`, "core"));

interface Step {
  sha: string;
  date: string;
  message: string;
  plan?: Plan;
  members: Member[];
}

/** The scan sequence as the query builds it: each scan diffed against the one before. */
function sequence(steps: Step[]): AnnotationScan[] {
  return steps.map((step, index) => {
    const previous = steps[index - 1];
    return {
      sha: step.sha,
      date: step.date,
      message: step.message,
      plan: step.plan ?? plan,
      diff: previous ? diffMembers(previous.members, step.members) : null,
    };
  });
}

describe("parsePullRequest", () => {
  test("reads GitHub's merge commits and squash merges from the subject line only", () => {
    expect(parsePullRequest("Merge pull request #1042 from org/remove-adapters\n\nRemove the six adapters")).toEqual({
      number: 1042,
      title: "Remove the six adapters",
    });
    expect(parsePullRequest("Merge pull request #7 from org/x")).toEqual({ number: 7, title: null });
    expect(parsePullRequest("Drop legacy engines (#315)")).toEqual({ number: 315, title: "Drop legacy engines" });
    expect(parsePullRequest("Drop legacy engines (#315)\r\n\r\nbody")).toEqual({ number: 315, title: "Drop legacy engines" });
    expect(parsePullRequest("Fix a typo\n\nSee (#12)")).toBeNull();
    expect(parsePullRequest("Merge branch 'main' into feature")).toBeNull();
    expect(parsePullRequest("(#12)")).toBeNull();
    expect(parsePullRequest(null)).toBeNull();
  });

  test("links a pull request through the project's file-link template", () => {
    expect(pullRequestUrl("https://github.com/org/repo/blob/{commit}/{file}#L{line}", 12)).toBe("https://github.com/org/repo/pull/12");
    expect(pullRequestUrl("https://example.com/browse/{file}?at={commit}", 12)).toBeNull();
    expect(pullRequestUrl(null, 12)).toBeNull();
  });
});

describe("describePlanChange", () => {
  test("names target, phase and pattern changes; an equal plan is no change", () => {
    const phased: Plan = { ...plan, phases: [{ name: "1", due: "2026-03-01", target: 10 }] };
    expect(describePlanChange(plan, plan)).toBeNull();
    expect(describePlanChange(plan, { ...plan, target: 8 })).toBe("target lowered from 12 to 8");
    expect(describePlanChange(plan, { ...plan, target: 14 })).toBe("target raised from 12 to 14");
    expect(describePlanChange(plan, phased)).toBe("phase 1 added (due 2026-03-01, target 10)");
    expect(describePlanChange(phased, { ...phased, phases: [{ name: "1", due: "2026-04-01", target: 9 }] })).toBe(
      "phase 1 due 2026-03-01 → 2026-04-01; phase 1 target 10 → 9",
    );
    expect(describePlanChange(phased, { ...plan, pattern: "Engine" })).toBe("phase 1 removed; pattern /ExecutionEngine/ → /Engine/");
  });
});

describe("automaticAnnotations", () => {
  test("a scan sequence gives exactly its merges, plan changes, bulk changes and due dates", () => {
    const phased: Plan = { ...plan, target: 8, phases: [{ name: "2", due: "2026-11-20", target: 10 }] };
    const scans = sequence([
      { sha: "s1", date: "2026-11-01T10:00:00.000Z", message: "Initial import", members: [primary, ...adapters, ...cores] },
      // A merge that leaves the family alone is no event.
      {
        sha: "s2",
        date: "2026-11-02T10:00:00.000Z",
        message: "Merge pull request #1000 from org/docs",
        members: [primary, ...adapters, ...cores],
      },
      {
        sha: "s3",
        date: "2026-11-03T10:00:00.000Z",
        message: "Merge pull request #1042 from org/adapters\n\nRemove the adapters",
        members: [primary, ...cores],
      },
      { sha: "s4", date: "2026-11-04T10:00:00.000Z", message: "Lower the target", plan: phased, members: [primary, ...cores] },
      // One removal without a merge: below the bulk threshold.
      { sha: "s5", date: "2026-11-05T10:00:00.000Z", message: "Drop Z", plan: phased, members: [primary, cores[0]!, cores[1]!] },
      { sha: "s6", date: "2026-11-06T10:00:00.000Z", message: "Drop X and Y\n\nlong body", plan: phased, members: [primary] },
      // A squash merge that removes one member is still an event: the merge brought it.
      {
        sha: "s7",
        date: "2026-11-07T10:00:00.000Z",
        message: "Reclassify the primary (#1050)",
        plan: phased,
        members: [{ ...primary, classification: "core" }],
      },
    ]);
    const annotations = automaticAnnotations(scans, "https://github.com/org/repo/blob/{commit}/{file}#L{line}");
    expect(
      annotations.map(({ id, kind, date, text, detail, url, sha, membersTotal }) => ({
        id,
        kind,
        date,
        text,
        detail,
        url,
        sha,
        membersTotal,
      })),
    ).toEqual([
      {
        id: "pr:s3",
        kind: "pull-request",
        date: "2026-11-03T10:00:00.000Z",
        text: "PR #1042 merged: 6 adapters removed",
        detail: "Remove the adapters",
        url: "https://github.com/org/repo/pull/1042",
        sha: "s3",
        membersTotal: 6,
      },
      {
        id: "plan:s4",
        kind: "plan-change",
        date: "2026-11-04T10:00:00.000Z",
        text: "Target lowered from 12 to 8; phase 2 added (due 2026-11-20, target 10)",
        detail: null,
        url: null,
        sha: "s4",
        membersTotal: 0,
      },
      {
        id: "members:s6",
        kind: "members-changed",
        date: "2026-11-06T10:00:00.000Z",
        text: "2 core duplicates removed",
        detail: "Drop X and Y",
        url: null,
        sha: "s6",
        membersTotal: 2,
      },
      {
        id: "pr:s7",
        kind: "pull-request",
        date: "2026-11-07T10:00:00.000Z",
        text: "PR #1050 merged: 1 reclassified",
        detail: "Reclassify the primary",
        url: "https://github.com/org/repo/pull/1050",
        sha: "s7",
        membersTotal: 1,
      },
      {
        id: "due:2",
        kind: "phase-due",
        date: "2026-11-20T23:59:59.999Z",
        text: "Phase 2 due (target 10)",
        detail: null,
        url: null,
        sha: null,
        membersTotal: 0,
      },
    ]);
    expect(annotations[0]?.members.map((m) => `${m.change} ${m.name}`)).toEqual(adapters.map((a) => `removed ${a.name}`));
    expect(annotations[3]?.members).toEqual([{ key: primary.key, name: primary.name, classification: "core", change: "reclassified" }]);
  });

  test("describes mixed changes by class, removals first", () => {
    const diff = diffMembers([primary, cores[0]!], [primary, adapters[0]!, adapters[1]!]);
    expect(describeMemberChanges(diff)).toBe("1 core duplicate removed, 2 adapters added");
    expect(describeMemberChanges(diffMembers([primary], [primary]))).toBe("no member changes");
  });

  test("a move is not a removal plus an addition", () => {
    const moved = { ...adapters[0]!, key: "pkg/new.py::AAdapterExecutionEngine", file: "pkg/new.py" };
    const scans = sequence([
      { sha: "a", date: "2026-11-01T00:00:00.000Z", message: "x", members: [primary, adapters[0]!, adapters[1]!] },
      { sha: "b", date: "2026-11-02T00:00:00.000Z", message: "Move (#3)", members: [primary, moved, adapters[1]!] },
    ]);
    expect(automaticAnnotations(scans)).toEqual([]);
  });
});

describe("needsMemberDiff", () => {
  const base = { memberCount: 5, nameCount: 5, byClass: [1, 2, 2, 0, 0, 0, 0], message: "x" };
  test("reads members for merges and for scans whose aggregates moved, not otherwise", () => {
    expect(needsMemberDiff(base, base)).toBe(false);
    expect(needsMemberDiff({ ...base, message: "Merge pull request #1 from a/b" }, base)).toBe(true);
    expect(needsMemberDiff({ ...base, byClass: [1, 3, 1, 0, 0, 0, 0] }, base)).toBe(true);
    expect(needsMemberDiff({ ...base, nameCount: 4 }, base)).toBe(true);
  });
});
