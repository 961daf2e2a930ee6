// memory-store.test.ts — MemoryStore semantics (growth, wrap read-only, copy, lock) and a Writer/Reader
// round trip through it.
import { describe, expect, it } from "vitest";
import { CddError, Dtype, Reader, Status, Writer } from "@cdd/format";
import { MemoryStore } from "./index.js";

describe("StoreMemory", () => {
  it("grows, writes past the end zero-fills, truncates", async () => {
    const s = MemoryStore.create(4);
    expect(await s.append(Uint8Array.of(1, 2, 3))).toBe(0);
    await s.writeAt(6, Uint8Array.of(9));
    expect([...s.bytes()]).toEqual([1, 2, 3, 0, 0, 0, 9]);
    await s.truncate(2);
    expect(await s.size()).toBe(2);
    await s.truncate(4);
    expect([...(await s.read(0, 4))]).toEqual([1, 2, 0, 0]);
  });
  it("reads past the end fail with IO naming the range", async () => {
    const s = MemoryStore.wrap(new Uint8Array(10));
    await expect(s.read(8, 4)).rejects.toThrow(/read of 4 bytes at 8 past the end of a 10-byte memory store/);
  });
  it("a wrapped store is read-only; a copy is writable and independent", async () => {
    const src = Uint8Array.of(1, 2, 3);
    const w = MemoryStore.wrap(src);
    await expect(w.writeAt(0, Uint8Array.of(5))).rejects.toSatisfy((e) => CddError.isInstance(e) && e.code === Status.STATE);
    const c = MemoryStore.copy(src);
    await c.writeAt(0, Uint8Array.of(5));
    expect(src[0]).toBe(1);
    expect(c.bytes()[0]).toBe(5);
  });
  it("one writer at a time", async () => {
    const s = MemoryStore.create();
    const w = await Writer.create(s, { dtype: Dtype.INT32, rowShape: [2] });
    await expect(Writer.openAppend(s)).rejects.toSatisfy((e) => CddError.isInstance(e) && e.code === Status.LOCKED);
    await w.close();
  });
  it("round-trips rows written by the Writer, then read from a wrap of its bytes", async () => {
    const s = MemoryStore.create();
    const w = await Writer.create(s, { dtype: Dtype.INT64, rowShape: [3], chunkRows: 7, indexCapacity: 2 });
    const data = BigInt64Array.from({ length: 300 }, (_, i) => BigInt(i) * 1_000_000_007n - 5n);
    await w.append(data);
    await w.close();
    const r = await Reader.open(MemoryStore.wrap(s.bytes().slice()));
    expect(r.numRows).toBe(100);
    expect(await r.readRows(0, 100)).toEqual(data);
    expect(await r.readRows(33, 34)).toEqual(data.subarray(99, 102));
  });
});
