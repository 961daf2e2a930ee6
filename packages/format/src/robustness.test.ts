// robustness.test.ts — damaged files never crash the reader: every single-byte flip and every truncation
// of a small multi-block file either reads back the original rows or fails with a CddError (no
// TypeError/RangeError, no hang); a flip inside a committed structure is always detected.
import { describe, expect, it } from "vitest";
import { CddError } from "./errors.js";
import { Dtype } from "./constants.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";
import { TestStore } from "./test/mem-store.js";

async function sample(): Promise<{ bytes: Uint8Array; rows: Uint8Array }> {
  const s = new TestStore();
  const w = await Writer.create(s, { dtype: Dtype.UINT16, rowShape: [3], chunkRows: 4, indexCapacity: 2, userMeta: Uint8Array.of(5, 6) });
  const rows = Uint16Array.from({ length: 3 * 30 }, (_, i) => (i * 7919) & 0xffff);
  await w.append(rows);
  await w.close();
  return { bytes: s.data.slice(), rows: new Uint8Array(rows.buffer) };
}

async function readAll(bytes: Uint8Array): Promise<Uint8Array> {
  const r = await Reader.open(TestStore.of(bytes));
  const got = await r.readRows(0, r.numRows);
  return new Uint8Array(got.buffer, got.byteOffset, got.byteLength);
}

describe("FormatRobustness", () => {
  it("every single-byte flip: original rows or a CddError", async () => {
    const { bytes, rows } = await sample();
    let detected = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes.slice();
      b[i]! ^= 0x41;
      let got: Uint8Array | undefined;
      try {
        got = await readAll(b);
      } catch (e) {
        if (!CddError.isInstance(e)) throw new Error(`byte ${i}: ${String(e)}`, { cause: e });
        detected++;
      }
      if (got) {
        // Undetected flips: bytes no committed structure covers (unused slots/records), or the few bytes
        // of the newest commit record of the last block that read the same as a commit write interrupted
        // there (spec/FORMAT.md §4.1, "Damaged records"): a prefix of the rows, as after a crash.
        expect(got.length).toBeLessThanOrEqual(rows.length);
        expect(Buffer.from(got).equals(Buffer.from(rows.subarray(0, got.length))), `byte ${i}`).toBe(true);
      }
    }
    expect(detected).toBeGreaterThan(bytes.length / 2);
  });
  it("every truncation: a prefix of the rows or a CddError", async () => {
    const { bytes, rows } = await sample();
    for (let n = 0; n < bytes.length; n++) {
      let got: Uint8Array | undefined;
      try {
        got = await readAll(bytes.subarray(0, n));
      } catch (e) {
        if (!CddError.isInstance(e)) throw new Error(`cut at ${n}: ${String(e)}`, { cause: e });
      }
      if (got) expect(Buffer.from(got).equals(Buffer.from(rows.subarray(0, got.length))), `cut at ${n}`).toBe(true);
    }
  });
});
