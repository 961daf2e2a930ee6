// damage-sweep.test.ts — no committed row is ever dropped silently by the TypeScript reader: one bit
// flipped at every byte of the header and of every index block of several spec/vectors files (bit i % 8,
// and all 8 bits over the commit records), each damaged file read whole. It must fail with a CddError of
// a damage kind or give every row of the .npy; the one exception is the byte the format cannot tell from
// a commit write interrupted before its last byte (spec/FORMAT.md §4.1, "Damaged records"): the last
// byte of the newest commit record of the last block, which reads as the file before its last commit.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CddError, Reader, Status } from "@cdd/format";
import { MemoryStore } from "@cdd/store-memory";
import { createOrderbookRegistry } from "./index.js";
import { parseNpy } from "./test/npy.js";

const vectorsDir = process.env.CDD_VECTORS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "spec", "vectors");
const registry = createOrderbookRegistry();
const DAMAGE: number[] = [Status.FORMAT, Status.CORRUPT, Status.VERSION, Status.UNSUPPORTED, Status.CODEC];

interface Layout {
  regions: [number, number][]; // header, then every index block
  records: [number, number][]; // the commit records
  ambiguous: number; // last byte of the newest record of the last block
}

function layoutOf(b: Uint8Array): Layout {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const lm = dv.getUint32(12, true);
  const lu = dv.getUint32(16 + lm, true);
  const out: Layout = { regions: [[0, 20 + lm + lu]], records: [], ambiguous: -1 };
  let off = 20 + lm + lu;
  while (off !== 0) {
    const size = dv.getUint32(off, true);
    out.regions.push([off, off + size]);
    out.records.push([off + 16, off + 96]);
    const seqA = Number(dv.getBigUint64(off + 16, true));
    const seqB = Number(dv.getBigUint64(off + 56, true));
    const cur = seqB > seqA ? off + 56 : off + 16;
    out.ambiguous = cur + 39;
    off = Number(dv.getBigUint64(cur + 16, true));
  }
  return out;
}

async function readAll(bytes: Uint8Array): Promise<Uint8Array> {
  const r = await Reader.open(MemoryStore.wrap(bytes), { registry });
  const all = await r.readRows(0, r.numRows);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

const VECTORS = [
  "ob_okx_f16_native",
  "ob_okx_f16_downcast",
  "chain_raw_index",
  "chain_lz4_index",
  "chain_raw_index_repacked",
  "ts_i64_delta_zstd",
  "single_row_f64",
  "appends_and_flushes",
];

describe("DamageSweep", () => {
  for (const name of VECTORS) {
    it(`${name}: a flipped bit in the header or an index block never drops rows silently`, async () => {
      const good = new Uint8Array(readFileSync(join(vectorsDir, `${name}.cdd`)));
      const npy = parseNpy(readFileSync(join(vectorsDir, `${name}.npy`)));
      const l = layoutOf(good);
      const original = await readAll(good);
      expect(Buffer.from(original).equals(npy.data)).toBe(true);
      let errors = 0;
      let ambiguous = 0;
      for (const [begin, end] of l.regions) {
        for (let i = begin; i < end; i++) {
          const inRecord = l.records.some(([a, z]) => i >= a && i < z);
          for (let bit = 0; bit < 8; bit++) {
            if (!inRecord && bit !== i % 8) continue;
            const b = good.slice();
            b[i]! ^= 1 << bit;
            let got: Uint8Array;
            try {
              got = await readAll(b);
            } catch (e) {
              if (!CddError.isInstance(e)) throw new Error(`${name}: bit ${bit} of byte ${i}: ${String(e)}`, { cause: e });
              expect(DAMAGE, `${name}: bit ${bit} of byte ${i}: ${(e as CddError).message}`).toContain((e as CddError).code);
              errors++;
              continue;
            }
            if (Buffer.from(got).equals(npy.data)) continue;
            expect(i, `${name}: bit ${bit} of byte ${i} read ${got.length} of ${npy.data.length} bytes without an error`).toBe(l.ambiguous);
            expect(got.length).toBeLessThan(npy.data.length);
            expect(Buffer.from(got).equals(npy.data.subarray(0, got.length))).toBe(true);
            ambiguous++;
          }
        }
      }
      expect(errors).toBeGreaterThan(0);
      expect(ambiguous).toBeLessThanOrEqual(8);
    }, 120_000);
  }
});
