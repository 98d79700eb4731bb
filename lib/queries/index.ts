export * from "./projects";
export * from "./scans";
export type * from "./types";
