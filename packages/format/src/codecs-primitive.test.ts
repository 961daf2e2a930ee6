// codecs-primitive.test.ts — the LZ4 block codec, the Raw-block zstd writer, BLAKE3-128 and the metadata TLV.
import { describe, expect, it } from "vitest";
import { decompress } from "fzstd";
import { lz4CompressBlock, lz4DecompressBlock } from "./lz4.js";
import { zstdDecode, zstdEncodeRaw, zstdFrameContentSize } from "./zstd.js";
import { blake3_128 } from "./hash.js";
import { xxh64 } from "./xxh64.js";
import { toHex } from "./bytes.js";
import { decodeMetaRecords, encodeMetaRecords, type ArrayMeta } from "./metadata.js";
import { CddError, Status } from "./errors.js";
import { prng } from "./test/mem-store.js";

function sample(n: number, kind: "random" | "runs" | "ladder", seed = 7): Uint8Array {
  const r = prng(seed);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (kind === "random") b[i] = r() & 0xff;
    else if (kind === "runs") b[i] = Math.floor(i / 37) & 0xff;
    else b[i] = (i % 8 === 0 ? (i >> 3) & 0xff : 0);
  }
  return b;
}

describe("FormatLz4", () => {
  for (const n of [0, 1, 12, 13, 64, 4096, 70000]) {
    for (const kind of ["random", "runs", "ladder"] as const) {
      it(`round-trips ${n} ${kind} bytes`, () => {
        const src = sample(n, kind);
        const c = lz4CompressBlock(src);
        expect(lz4DecompressBlock(c, n)).toEqual(src);
        if (kind !== "random" && n >= 4096) expect(c.length).toBeLessThan(n / 2);
      });
    }
  }
  it("decodes a hand-made block with an overlapping match", () => {
    // literal "ab", then match offset 2 length 6 → "abababab"
    const block = Uint8Array.of(0x22, 0x61, 0x62, 0x02, 0x00, 0x00);
    // token 0x22: 2 literals, match length 2+4=6; last sequence token 0x00 (0 literals)
    expect(new TextDecoder().decode(lz4DecompressBlock(block, 8))).toBe("abababab");
  });
  it("fails with CODEC on every truncation, never reading out of bounds", () => {
    const src = sample(5000, "runs");
    const c = lz4CompressBlock(src);
    for (let cut = 0; cut < c.length; cut += 7) {
      expect(() => lz4DecompressBlock(c.subarray(0, cut), src.length)).toThrow(CddError);
    }
  });
  it("rejects a match before the start of the output", () => {
    const block = Uint8Array.of(0x10, 0x61, 0x05, 0x00, 0x00);
    try {
      lz4DecompressBlock(block, 10);
      expect.unreachable();
    } catch (e) {
      expect(CddError.isInstance(e) && e.code).toBe(Status.CODEC);
    }
  });
});

// XXH64 of the bytes 0..99; its low 32 bits (0x32166597) are what the zstd CLI stores as the checksum of
// that content.
const XXH64_0_TO_99 = 0x6ac1e58032166597n;

describe("FormatZstd", () => {
  for (const n of [0, 1, 255, 256, 65791, 65792, 200000]) {
    it(`writes a valid Raw-block frame of ${n} bytes`, () => {
      const src = sample(n, "random", n + 1);
      const f = zstdEncodeRaw(src);
      expect(zstdFrameContentSize(f)).toBe(n);
      expect(decompress(f)).toEqual(src);
      expect(zstdDecode(f, "test")).toEqual(src);
    });
  }
  it("XXH64 matches the reference values", () => {
    expect(xxh64(new Uint8Array(0))).toBe(0xef46db3751d8e999n);
    expect(xxh64(new TextEncoder().encode("abc"))).toBe(0x44bc2cf5ad770999n);
  });
  it("XXH64 of a long input (stripes, merge, tail) matches the reference value", () => {
    const src = new Uint8Array(100);
    for (let i = 0; i < 100; i++) src[i] = i;
    expect(xxh64(src)).toBe(XXH64_0_TO_99);
  });
  it("a damaged Raw-block payload fails the content checksum", () => {
    const f = zstdEncodeRaw(sample(500, "runs"));
    f[20]! ^= 1;
    expect(() => zstdDecode(f, "user metadata")).toThrow(/user metadata: zstd content checksum mismatch/);
  });
  it("refuses a frame that is not zstd", () => {
    expect(() => zstdDecode(Uint8Array.of(1, 2, 3, 4, 5, 6, 7), "metadata")).toThrow(/metadata: not a zstd frame/);
  });
});

describe("FormatHash", () => {
  it("is the first 16 bytes of BLAKE3 (official test vector, empty input)", () => {
    expect(toHex(blake3_128([]))).toBe("af1349b9f5f9a1a6a0404dea36dcc949");
  });
  it("hashes parts as their concatenation", () => {
    const a = sample(3000, "random");
    expect(blake3_128([a.subarray(0, 1000), a.subarray(1000)])).toEqual(blake3_128([a]));
  });
});

describe("FormatMetadata", () => {
  const meta: ArrayMeta = {
    dtype: 1,
    rowShape: [50, 3],
    codec: 16,
    codecLevel: 3,
    codecFlags: 6n,
    chunkTargetBytes: 4096,
    chunkRows: 0,
    indexCapacity: 1024,
    writer: "test 1",
    codecParams: Uint8Array.of(9, 8),
  };
  it("round-trips every field", () => {
    expect(decodeMetaRecords(encodeMetaRecords(meta))).toEqual(meta);
  });
  it("skips unknown tags", () => {
    const rec = encodeMetaRecords(meta);
    const extra = Uint8Array.of(0x40, 0x00, 3, 0, 0, 0, 1, 2, 3); // tag 64, 3 bytes
    const joined = new Uint8Array(rec.length + extra.length);
    joined.set(rec);
    joined.set(extra, rec.length);
    expect(decodeMetaRecords(joined)).toEqual(meta);
  });
  it("fails on a missing required record, naming it", () => {
    const rec = encodeMetaRecords(meta);
    // drop the first record (dtype: 6 + 2 bytes)
    expect(() => decodeMetaRecords(rec.subarray(8))).toThrow(/required record dtype/);
  });
  it("fails on a record running past the end", () => {
    const rec = encodeMetaRecords(meta);
    expect(() => decodeMetaRecords(rec.subarray(0, rec.length - 1))).toThrow(/runs past the end/);
  });
  it("fails on a known tag of the wrong length", () => {
    const bad = Uint8Array.of(1, 0, 4, 0, 0, 0, 1, 0, 0, 0);
    expect(() => decodeMetaRecords(bad)).toThrow(/tag 1 has length 4, expected 2/);
  });
  it("fails on an unknown dtype with UNSUPPORTED", () => {
    const rec = encodeMetaRecords(meta);
    rec[6] = 99;
    try {
      decodeMetaRecords(rec);
      expect.unreachable();
    } catch (e) {
      expect(CddError.isInstance(e) && e.code).toBe(Status.UNSUPPORTED);
      expect((e as Error).message).toMatch(/unknown dtype 99/);
    }
  });
});
