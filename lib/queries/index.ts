export * from "./projects";
export * from "./scans";
export type * from "./types";
export * from "./timeline";
export * from "./checks";
export * from "./compare";
export * from "./engines";
export * from "./report";
