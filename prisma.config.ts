import { defineConfig } from "prisma/config";

// env("DATABASE_URL") throws when unset, even for generate; fall back to the embedded default.
export default defineConfig({
  schema: "prisma/schema.prisma",
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/converge.db" },
});
