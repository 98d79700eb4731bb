import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { capture } from "@/test/history/io";
import { main } from "../main";

describe("converge report", () => {
  test("prints the server's markdown as is; a 4xx prints the server's error and exits 2", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? "");
      if (req.url?.includes("/projects/missing/")) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "not_found", message: 'no project "missing"', status: 404 } }));
        return;
      }
      res.writeHead(200, { "content-type": "text/markdown; charset=utf-8" });
      res.end("### Engines: 12 / 8\n\n- 2 removed\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const io = capture();
      expect(await main(["report", "--project", "engines", "--url", url, "--at", "2026-03-01", "--since", "abc1234"], io)).toBe(0);
      expect(io.out).toBe("### Engines: 12 / 8\n\n- 2 removed\n");
      expect(seen[0]).toBe("/api/v1/projects/engines/report?at=2026-03-01&since=abc1234&format=md");

      const json = capture({ CONVERGE_URL: url, CONVERGE_PROJECT: "engines" } as unknown as NodeJS.ProcessEnv);
      expect(await main(["report", "--format", "json"], json)).toBe(0);
      expect(seen[1]).toBe("/api/v1/projects/engines/report?format=json");

      const missing = capture();
      expect(await main(["report", "--project", "missing", "--url", url], missing)).toBe(2);
      expect(missing.err).toBe('ERROR: 404 no project "missing"\n');
      expect(missing.out).toBe("");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
