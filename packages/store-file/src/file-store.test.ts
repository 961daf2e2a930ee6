// file-store.test.ts — FileStore positional I/O, read-only mode, the lock-file writer lock (held, stale,
// released), and Writer/Reader round trips and reopen-append through real files.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CddError, Dtype, Reader, Status, Writer } from "@cdd/format";
import { FileStore } from "./index.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cdd-store-file-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function isCode(code: number) {
  return (e: unknown) => CddError.isInstance(e) && e.code === code;
}

describe("StoreFile", () => {
  it("positional writes and reads, truncate, size", async () => {
    const s = await FileStore.open(join(dir, "a.bin"), { mode: "create" });
    await s.writeAt(4, Uint8Array.of(7, 8));
    expect(await s.size()).toBe(6);
    expect([...(await s.read(0, 6))]).toEqual([0, 0, 0, 0, 7, 8]);
    expect(await s.append(Uint8Array.of(9))).toBe(6);
    await s.truncate(5);
    await expect(s.read(3, 4)).rejects.toSatisfy(isCode(Status.IO));
    await s.close();
    await expect(s.size()).rejects.toSatisfy(isCode(Status.STATE));
  });
  it("a missing file is IO naming the path; read mode refuses writes", async () => {
    await expect(FileStore.open(join(dir, "missing.cdd"))).rejects.toThrow(/cannot open .*missing\.cdd/);
    await writeFile(join(dir, "ro.bin"), "x");
    const s = await FileStore.open(join(dir, "ro.bin"));
    await expect(s.writeAt(0, Uint8Array.of(1))).rejects.toSatisfy(isCode(Status.STATE));
    await s.close();
  });
  it("the writer lock: a second writer is LOCKED until the first closes; stale lock files are taken over", async () => {
    const path = join(dir, "locked.cdd");
    const s1 = await FileStore.open(path, { mode: "create" });
    const w = await Writer.create(s1, { dtype: Dtype.FLOAT32, rowShape: [4] });
    const s2 = await FileStore.open(path, { mode: "write" });
    await expect(Writer.openAppend(s2)).rejects.toSatisfy(isCode(Status.LOCKED));
    await w.close();
    const w2 = await Writer.openAppend(s2);
    await w2.close();
    await writeFile(`${path}.lock`, "999999999"); // no such process
    const w3 = await Writer.openAppend(s2);
    await w3.close();
    await s1.close();
    await s2.close();
  });
  it("round trip, reopen-append and refresh through files", async () => {
    const path = join(dir, "rt.cdd");
    const data = Float64Array.from({ length: 6000 }, (_, i) => Math.sin(i / 10) * 1e3);
    const s = await FileStore.open(path, { mode: "create" });
    const w = await Writer.create(s, { dtype: Dtype.FLOAT64, rowShape: [2, 3], chunkRows: 40, indexCapacity: 4 });
    await w.append(data.subarray(0, 3000));
    await w.close();
    await s.close();
    const rs = await FileStore.open(path);
    const r = await Reader.open(rs);
    expect(r.numRows).toBe(500);
    const ws = await FileStore.open(path, { mode: "write" });
    const w2 = await Writer.openAppend(ws, { sync: true });
    await w2.append(data.subarray(3000));
    await w2.close();
    await ws.close();
    await r.refresh();
    expect(r.numRows).toBe(1000);
    expect(await r.readRows(0, 1000)).toEqual(data);
    const parts = await Promise.all([r.readRows(10, 20), r.readRows(990, 1000), r.readRows(0, 1)]);
    expect(parts[0]).toEqual(data.subarray(60, 120));
    expect(parts[1]).toEqual(data.subarray(5940));
    await rs.close();
    const sync = await FileStore.open(path, { reads: "sync" });
    const rsync = await Reader.open(sync);
    expect(await rsync.readRows(0, 1000)).toEqual(data);
    await expect(sync.read(0, 10 ** 7)).rejects.toSatisfy(isCode(Status.IO));
    await sync.close();
  });
});
