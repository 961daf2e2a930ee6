// inspect.test.ts — the cdd-inspect bin (built dist/bin/cdd-inspect.js) on a real file: text and JSON
// reports, --verify passing, and failing with exit 1 naming the chunk after a flipped payload byte.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Dtype } from "./constants.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";
import { TestStore } from "./test/mem-store.js";

const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin", "cdd-inspect.js");
const dir = mkdtempSync(join(tmpdir(), "cdd-inspect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sample(): Promise<TestStore> {
  const s = new TestStore();
  const w = await Writer.create(s, { dtype: Dtype.INT32, rowShape: [4], chunkRows: 25, indexCapacity: 2, userMeta: Uint8Array.of(1, 2, 3) });
  await w.append(Int32Array.from({ length: 400 }, (_, i) => i * 3));
  await w.close();
  return s;
}

describe("FormatInspect", () => {
  it("prints header, index blocks and chunks; --json parses", async () => {
    const s = await sample();
    const path = join(dir, "a.cdd");
    writeFileSync(path, s.data);
    const text = execFileSync(process.execPath, [bin, path], { encoding: "utf8" });
    expect(text).toMatch(/dtype int32, row shape \[4\], 100 rows in 4 chunks/);
    expect(text).toMatch(/index block 1 @\d+: RAW, 2\/4 slots/);
    const rep = JSON.parse(execFileSync(process.execPath, [bin, path, "--json", "--verify"], { encoding: "utf8" }));
    expect(rep.numChunks).toBe(4);
    expect(rep.userMetaBytes).toBe(3);
    expect(rep.verifyError).toBeUndefined();
  });
  it("--verify fails with exit 1 naming the damaged chunk", async () => {
    const s = await sample();
    const r = await Reader.open(s);
    const off = r.chunk(2).offset;
    s.data[off + 60]! ^= 0xff;
    const path = join(dir, "b.cdd");
    writeFileSync(path, s.data);
    const res = spawnSync(process.execPath, [bin, path, "--verify"], { encoding: "utf8" });
    expect(res.status).toBe(1);
    expect(res.stdout).toMatch(new RegExp(`verify: FAILED: chunk 2 at offset ${off}: hash mismatch`));
  });
  it("a file that is not CDD: exit 1 with the error", () => {
    const path = join(dir, "c.txt");
    writeFileSync(path, "hello, this is not a cdd file at all");
    const res = spawnSync(process.execPath, [bin, path], { encoding: "utf8" });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/CDD_E_FORMAT: not a CDD file: bad magic 68656c6c6f2c2074/);
  });
});
