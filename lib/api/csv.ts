import { toCsv, type CsvValue } from "@/lib/format/csv";

export function csvResponse<T extends string>(filename: string, columns: readonly T[], rows: ReadonlyArray<Record<T, CsvValue>>): Response {
  const safeName = filename.replace(/[^A-Za-z0-9._-]+/g, "-");
  return new Response(toCsv(columns, rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${safeName}"`,
      "cache-control": "no-store",
    },
  });
}
