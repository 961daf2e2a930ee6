// machine-errors.test.ts — the machine's errors injected under the Writer and Reader: a write that fails
// (a full disk: after part of it was written, and every write after it), an fsync that fails, EIO on a
// read. Each is a CddError IO; the writer then stops (STATE naming the first error), the bytes read back
// up to the last successful flush, and openAppend repairs the tail and continues. Real files (ENOSPC on
// a tmpfs, permission denied, a lock held by another process, one writer and reader processes):
// @cdd/store-file's machine.test.ts.
import { describe, expect, it } from "vitest";
import { Dtype } from "./constants.js";
import { CddError, Status } from "./errors.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";
import { TestStore } from "./test/mem-store.js";

const ROW = 4; // float64 values per row

/** Row i is computable from i: a price walk, a size, a count, the index. */
function expected(first: number, n: number): Float64Array {
  const out = new Float64Array(n * ROW);
  for (let k = 0; k < n; k++) {
    const i = first + k;
    out.set([100 + Math.round(Math.sin(i / 50) * 400) / 100, ((i * 7919) % 1000) / 10, (i % 13) + 1, i], k * ROW);
  }
  return out;
}

class FaultStore extends TestStore {
  writes = 0;
  syncs = 0;
  failWrite = -1;
  prefix = 0;
  failSync = -1;
  failRead: [number, number] | undefined;
  override async writeAt(offset: number, bytes: Uint8Array): Promise<void> {
    const k = this.writes++;
    if (this.failWrite >= 0 && k >= this.failWrite) {
      const part = k === this.failWrite ? Math.min(this.prefix, bytes.length) : 0;
      if (part > 0) await super.writeAt(offset, bytes.subarray(0, part));
      throw new CddError(Status.IO, `write at ${offset + part} failed: ENOSPC: no space left on device (injected)`);
    }
    await super.writeAt(offset, bytes);
  }
  override async flush(sync?: boolean): Promise<void> {
    if (sync && this.syncs++ === this.failSync) throw new CddError(Status.IO, "fsync failed: EIO: i/o error (injected)");
  }
  override async read(offset: number, length: number): Promise<Uint8Array> {
    const f = this.failRead;
    if (f !== undefined && offset < f[1] && offset + length > f[0]) {
      throw new CddError(Status.IO, `read at ${offset} failed: EIO: i/o error (injected)`);
    }
    return super.read(offset, length);
  }
  clear(): void {
    this.failWrite = this.failSync = -1;
    this.failRead = undefined;
  }
}

const FLUSHES = [10, 50, 3, 70, 24, 41];
const BASE = 30;
const TOTAL = BASE + FLUSHES.reduce((a, b) => a + b, 0) + 40;

async function expectRows(store: TestStore, atLeast: number, atMost: number): Promise<number> {
  const r = await Reader.open(TestStore.of(store.data));
  expect(r.numRows).toBeGreaterThanOrEqual(atLeast);
  expect(r.numRows).toBeLessThanOrEqual(atMost);
  expect(await r.readRows(0, r.numRows)).toEqual(expected(0, r.numRows));
  return r.numRows;
}

/** Runs the flush sequence with one fault armed after the base rows; false when the fault never fired. */
async function runWithFault(arm: (s: FaultStore) => void, message: RegExp): Promise<boolean> {
  const s = new FaultStore();
  const w = await Writer.create(s, { dtype: Dtype.FLOAT64, rowShape: [ROW], chunkRows: 24, indexCapacity: 4, sync: true });
  await w.append(expected(0, BASE));
  await w.flush();
  arm(s);
  let rows = BASE;
  let lastOk = BASE;
  let failed = false;
  for (const f of FLUSHES) {
    try {
      rows += f; // appended, committed once the flush returns
      await w.append(expected(rows - f, f));
      await w.flush();
      lastOk = rows;
    } catch (e) {
      failed = true;
      expect(CddError.isInstance(e) && e.code === Status.IO).toBe(true);
      expect((e as Error).message).toMatch(message);
      await expect(w.flush()).rejects.toThrow(/writer stopped after an earlier failure/);
      break;
    }
  }
  if (!failed) {
    // The fault may be the sync of close()'s own flush: then close reports it.
    try {
      await w.close();
      return false;
    } catch (e) {
      expect(CddError.isInstance(e) && e.code === Status.IO).toBe(true);
      expect((e as Error).message).toMatch(message);
    }
  } else {
    await expect(w.close()).rejects.toSatisfy((e: unknown) => CddError.isInstance(e) && e.code === Status.STATE);
  }
  s.clear();
  const have = await expectRows(s, lastOk, rows);
  const w2 = await Writer.openAppend(s);
  expect(w2.rowsCommitted).toBe(have);
  await w2.append(expected(have, TOTAL - have));
  await w2.close();
  await expectRows(s, TOTAL, TOTAL);
  return true;
}

describe("machine errors (injected)", () => {
  it("a full disk at every write of later flushes: typed, the writer stops, flushed rows survive", async () => {
    let cases = 0;
    for (const prefix of [0, 7, 1 << 30]) {
      for (let k = 0; ; k++) {
        const fired = await runWithFault((s) => {
          s.failWrite = s.writes + k;
          s.prefix = prefix;
        }, /ENOSPC/);
        if (!fired) break;
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(60);
  }, 180000);

  it("an fsync failing at every sync: typed, the writer stops, flushed rows survive", async () => {
    let cases = 0;
    for (let k = 0; ; k++) {
      const fired = await runWithFault((s) => {
        s.failSync = s.syncs + k;
      }, /fsync failed/);
      if (!fired) break;
      cases++;
    }
    expect(cases).toBeGreaterThan(20);
  }, 60000);

  it("EIO on read is typed, not remembered, and the same rows read once it clears", async () => {
    const s = new FaultStore();
    const w = await Writer.create(s, { dtype: Dtype.FLOAT64, rowShape: [ROW], chunkRows: 24 });
    await w.append(expected(0, 200));
    await w.close();
    const r = await Reader.open(s);
    const c2 = r.chunk(2).offset;
    s.failRead = [c2 + 10, c2 + 11];
    for (let i = 0; i < 2; i++) {
      await expect(r.readRows(40, 80)).rejects.toSatisfy((e: unknown) => CddError.isInstance(e) && e.code === Status.IO);
    }
    expect(await r.readRows(0, 48)).toEqual(expected(0, 48));
    s.clear();
    expect(await r.readRows(0, 200)).toEqual(expected(0, 200));
    s.failRead = [r.indexBlocks()[0]!.offset + 20, r.indexBlocks()[0]!.offset + 21];
    await expect(Reader.open(s)).rejects.toSatisfy((e: unknown) => CddError.isInstance(e) && e.code === Status.IO);
  });
});
