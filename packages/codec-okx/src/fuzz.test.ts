// fuzz.test.ts — a bounded property test of the TypeScript reader with every codec registered: spec/vectors
// files mutated at random (bit flips, overwritten bytes, extreme u32/u64 values at field-sized places,
// cut, duplicated or removed ranges, splices of two files) and random bytes behind the magic, each opened,
// read whole, read by chunk, refreshed and inspected. Only CddError may come out — never a TypeError,
// a RangeError, an allocation failure or a hang — and a file read without an error reads the same twice.
// Deterministic (seeded); CDD_FUZZ_ITERATIONS raises the count.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CddError, Reader } from "@cdd/format";
import { MemoryStore } from "@cdd/store-memory";
import { createOrderbookRegistry } from "./index.js";

const vectorsDir = process.env.CDD_VECTORS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "spec", "vectors");
const registry = createOrderbookRegistry();
const ITERATIONS = Number(process.env.CDD_FUZZ_ITERATIONS ?? 2500);
const MAX_READ_BYTES = 64 << 20;

/** xorshift32: a small deterministic generator. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

const EXTREMES = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x10000, 0xffff];

function mutate(files: Uint8Array[], next: () => number): Uint8Array {
  const pick = (n: number) => (n <= 0 ? 0 : next() % n);
  let b = files[pick(files.length)]!.slice();
  const steps = 1 + pick(4);
  for (let s = 0; s < steps; s++) {
    const at = pick(b.length);
    switch (pick(8)) {
      case 0:
        b[at] = b[at]! ^ (1 << pick(8));
        break;
      case 1:
        b[at] = pick(256);
        break;
      case 2: {
        // an extreme u32 (or the low half of a u64) at a 4-aligned place: lengths, sizes, counts, dims
        const p = at & ~3;
        if (p + 4 <= b.length) new DataView(b.buffer).setUint32(p, EXTREMES[pick(EXTREMES.length)]!, true);
        break;
      }
      case 3:
        b = b.slice(0, at);
        break;
      case 4: {
        const n = 1 + pick(64);
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + n))]);
        break;
      }
      case 5: {
        const n = 1 + pick(64);
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at, at + n), ...b.subarray(at)]);
        break;
      }
      case 6: {
        const other = files[pick(files.length)]!;
        const from = pick(other.length);
        b = Uint8Array.from([...b.subarray(0, at), ...other.subarray(from)]);
        break;
      }
      default: {
        const n = 1 + pick(16);
        for (let i = 0; i < n && at + i < b.length; i++) b[at + i] = pick(256);
      }
    }
  }
  return b;
}

async function exercise(bytes: Uint8Array): Promise<void> {
  const r = await Reader.open(MemoryStore.wrap(bytes), { registry });
  r.info();
  const rowBytes = r.rowBytes;
  if (r.numRows * rowBytes > MAX_READ_BYTES) return;
  let first: Uint8Array | undefined;
  try {
    const all = await r.readRows(0, r.numRows);
    first = new Uint8Array(all.buffer, all.byteOffset, all.byteLength).slice();
  } catch (e) {
    if (!CddError.isInstance(e)) throw e;
  }
  for (let c = 0; c < r.numChunks; c++) {
    try {
      await r.readChunk(c);
    } catch (e) {
      if (!CddError.isInstance(e)) throw e;
    }
  }
  await r.refresh();
  if (first) {
    const again = await r.readRows(0, r.numRows);
    expect(Buffer.from(again.buffer, again.byteOffset, again.byteLength).equals(first)).toBe(true);
  }
}

describe("ReaderFuzz", () => {
  const files = readdirSync(vectorsDir)
    .filter((f) => f.endsWith(".cdd"))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(vectorsDir, f))));
  it(`${ITERATIONS} mutated vector files and random inputs: CddError or data, nothing else`, async () => {
    expect(files.length).toBeGreaterThan(10);
    const next = rng(0x13a);
    let errors = 0;
    let read = 0;
    for (let it = 0; it < ITERATIONS; it++) {
      let input: Uint8Array;
      if (it % 16 === 15) {
        input = new Uint8Array(16 + (next() % 512));
        for (let i = 0; i < input.length; i++) input[i] = next() & 0xff;
        input.set(files[0]!.subarray(0, 12), 0); // magic + version, so that parsing goes past them
      } else {
        input = mutate(files, next);
      }
      try {
        await exercise(input);
        read++;
      } catch (e) {
        if (!CddError.isInstance(e)) {
          throw new Error(`iteration ${it}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} ` +
            `(input ${input.length} bytes: ${Buffer.from(input).toString("base64").slice(0, 4000)})`, { cause: e });
        }
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(ITERATIONS / 10);
    expect(read).toBeGreaterThan(0);
  }, 300_000);
});
