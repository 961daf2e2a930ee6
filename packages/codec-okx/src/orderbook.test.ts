// orderbook.test.ts — the order-book codecs through @cdd/format on realistic data (the core's generator):
// round trips through memory and file stores (float16 lossless, float32 lossless, float32 narrowed to
// float16), generic (N,D,F) books, appends across index blocks, reopen-append with refresh, concurrent
// reads, and agreement with the core's own reader on the same bytes.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CddError, ChunkType, CodecRegistry, Dtype, Flag, Reader, Status, Writer, type ByteStore } from "@cdd/format";
import { MemoryStore } from "@cdd/store-memory";
import { FileStore } from "@cdd/store-file";
import { CoreReader, generateOrderbookF16, generateOrderbookF32, nativeFileLocker, nativeHash128 } from "@cdd/codec-native";
import {
  createOrderbookRegistry,
  f16BookPreset,
  genericBookWriterOptions,
  okxWriterOptions,
  registerOrderbookCodecs,
} from "./index.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cdd-codec-okx-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// File stores a test opened; the caller owns a store (Writer.close does not close it), so each test
// closes its own.
const opened: ByteStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

const registry = createOrderbookRegistry();
const f16 = generateOrderbookF16(42, 6000);
const f32 = generateOrderbookF32(42, 4000);

function bytesOf(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

async function appendInPieces(w: Writer, data: ArrayBufferView, rowBytes: number, sizes: number[]): Promise<void> {
  const b = bytesOf(data);
  const rows = b.length / rowBytes;
  for (let r = 0, i = 0; r < rows; i++) {
    const n = Math.min(sizes[i % sizes.length]!, rows - r);
    await w.append(b.subarray(r * rowBytes, (r + n) * rowBytes));
    r += n;
  }
}

const stores: { name: string; make: (file: string) => Promise<{ store: ByteStore; reopen: () => Promise<ByteStore>; bytes: () => Promise<Uint8Array | string> }> }[] = [
  {
    name: "memory",
    make: async () => {
      const s = MemoryStore.create();
      return { store: s, reopen: async () => MemoryStore.wrap(s.bytes()), bytes: async () => s.bytes().slice() };
    },
  },
  {
    name: "file",
    make: async (file) => {
      const path = join(dir, file);
      const s = await FileStore.open(path, { mode: "create", locker: nativeFileLocker });
      opened.push(s);
      const reopen = async () => {
        const r = await FileStore.open(path);
        opened.push(r);
        return r;
      };
      return { store: s, reopen, bytes: async () => path };
    },
  },
];

describe("OkxRoundTrip", () => {
  for (const st of stores) {
    it(`float16 book, lossless, ${st.name} store; the core reads the same rows`, async () => {
      const { store, reopen, bytes } = await st.make("f16.cdd");
      const w = await Writer.create(store, { ...okxWriterOptions("f16", registry), indexCapacity: 16 });
      await appendInPieces(w, f16, 300, [1, 999, 17, 2500]);
      await w.close();
      const r = await Reader.open(await reopen(), { registry, hash: nativeHash128 });
      expect(r.numRows).toBe(6000);
      expect(r.info().codec).toBe(ChunkType.OKX_OB_F16);
      // The float16 preset, as the core's cdd_writer_options_set_codec: LZ4HC level 9, 16 KiB chunks.
      expect(r.info().codecLevel).toBe(f16BookPreset().level);
      expect(r.info().chunkTargetBytes).toBe(16384);
      expect(r.info().codecFlags & (Flag.LZ4 | Flag.ZSTD)).toBe(Flag.LZ4);
      expect(bytesOf(await r.readRows(0, 6000)).equals(bytesOf(f16))).toBe(true);
      const stored = st.name === "memory" ? ((await bytes()) as Uint8Array).length : (await (await reopen()).size());
      expect(stored).toBeLessThan(f16.byteLength / 3);
      const core = new CoreReader(await bytes());
      expect(bytesOf(core.readRows(1234, 4321)).equals(bytesOf(f16).subarray(1234 * 300, 4321 * 300))).toBe(true);
      core.close();
    });
    it(`float32 book, lossless and narrowed to float16, ${st.name} store`, async () => {
      const { store, reopen, bytes } = await st.make("f32.cdd");
      const w = await Writer.create(store, okxWriterOptions("f32", registry, "lz4"));
      await appendInPieces(w, f32, 600, [333]);
      await w.close();
      const r = await Reader.open(await reopen(), { registry });
      expect(bytesOf(await r.readRows(0, 4000)).equals(bytesOf(f32))).toBe(true);
      const { store: s2, reopen: reopen2, bytes: bytes2 } = await st.make("f32h.cdd");
      const w2 = await Writer.create(s2, okxWriterOptions("f32-as-f16", registry));
      await w2.append(f32);
      await w2.close();
      const r2 = await Reader.open(await reopen2(), { registry });
      const lossy = (await r2.readRows(0, 4000)) as Float32Array;
      const core = new CoreReader(await bytes2());
      expect(bytesOf(core.readRows(0, 4000)).equals(bytesOf(lossy))).toBe(true);
      core.close();
      let maxRel = 0;
      for (let i = 0; i < f32.length; i += 7) {
        const a = f32[i]!;
        if (Math.abs(a) > 1e-3 && Math.abs(a) < 6e4) maxRel = Math.max(maxRel, Math.abs(lossy[i]! - a) / Math.abs(a));
      }
      expect(maxRel).toBeLessThan(1e-3);
      expect(maxRel).toBeGreaterThan(0);
      void bytes;
    });
  }

  it("generic (N, D, F) books in float16 and float32", async () => {
    for (const [depth, fields] of [[25, 6], [10, 15], [1, 150]] as const) {
      const s = MemoryStore.create();
      const w = await Writer.create(s, genericBookWriterOptions(depth, fields, "f16", registry));
      await w.append(f16.subarray(0, 150 * 1000));
      await w.close();
      const r = await Reader.open(s, { registry });
      expect(r.info().rowShape).toEqual([depth, fields]);
      expect(bytesOf(await r.readRows(0, 1000)).equals(bytesOf(f16.subarray(0, 150 * 1000)))).toBe(true);
    }
    const s = MemoryStore.create();
    const w = await Writer.create(s, genericBookWriterOptions(50, 3, "f32", registry));
    await w.append(f32);
    await w.close();
    const r = await Reader.open(s, { registry });
    expect(bytesOf(await r.readRows(0, 4000)).equals(bytesOf(f32))).toBe(true);
  });

  it("the OKX types refuse a wrong row shape at create", async () => {
    await expect(
      Writer.create(MemoryStore.create(), { ...okxWriterOptions("f16", registry), rowShape: [40, 3] }),
    ).rejects.toSatisfy((e) => CddError.isInstance(e));
  });

  it("a reader without the order-book codecs names the chunk type it lacks", async () => {
    const s = MemoryStore.create();
    const w = await Writer.create(s, okxWriterOptions("f16", registry));
    await w.append(f16.subarray(0, 150 * 100));
    await w.close();
    const r = await Reader.open(s);
    await expect(r.readRows(0, 10)).rejects.toSatisfy(
      (e) => CddError.isInstance(e) && e.code === Status.UNSUPPORTED && /unknown chunk type 16/.test(e.message),
    );
    const only = registerOrderbookCodecs(new CodecRegistry());
    expect(only.types()).toEqual([1, 16, 17, 18, 19]);
  });
});

describe("OkxAppendAndConcurrency", () => {
  it("appends across index blocks, reopen-append, refresh, random slices and concurrent reads", async () => {
    const path = join(dir, "append.cdd");
    const fs = await FileStore.open(path, { mode: "create", locker: nativeFileLocker });
    const w = await Writer.create(fs, { ...okxWriterOptions("f16", registry), indexCapacity: 2, chunkRows: 40 });
    await w.append(f16.subarray(0, 150 * 2000));
    await w.close();
    await fs.close();
    const rs = await FileStore.open(path);
    const r = await Reader.open(rs, { registry });
    expect(r.numChunks).toBe(50);
    const ws = await FileStore.open(path, { mode: "write", locker: nativeFileLocker });
    const w2 = await Writer.openAppend(ws, { registry });
    await appendInPieces(w2, f16.subarray(150 * 2000), 300, [777]);
    await w2.close();
    await ws.close();
    expect(await r.refresh()).toBe(100);
    expect(r.numRows).toBe(6000);
    expect(r.info().numIndexBlocks).toBeGreaterThanOrEqual(6);
    let seed = 9;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const ranges = Array.from({ length: 48 }, () => {
      const a = next() % 5000;
      return [a, a + 1 + (next() % 1000)] as const;
    });
    const got = await Promise.all(ranges.map(([a, b]) => r.readRows(a, b)));
    got.forEach((g, i) => {
      const [a, b] = ranges[i]!;
      expect(bytesOf(g).equals(bytesOf(f16).subarray(a * 300, b * 300))).toBe(true);
    });
    await rs.close();
  });
});

describe("OkxDamagedPayloads", () => {
  it("flipped payload bytes, hash check off: the native decoder returns rows or a CddError, never crashes", async () => {
    // A compressed stage must notice some flips; a verbatim stage ("none") decodes any bytes to values.
    const cases = [
      { opts: okxWriterOptions("f16", registry), mustFail: true },
      { opts: okxWriterOptions("f32", registry, "lz4"), mustFail: true },
      { opts: okxWriterOptions("f16", registry, "none"), mustFail: false },
    ];
    for (const { opts, mustFail } of cases) {
      const s = MemoryStore.create();
      const w = await Writer.create(s, { ...opts, chunkRows: 64 });
      await w.append(opts.dtype === Dtype.FLOAT16 ? f16.subarray(0, 150 * 256) : f32.subarray(0, 150 * 256));
      await w.close();
      const clean = s.bytes().slice();
      const r0 = await Reader.open(MemoryStore.wrap(clean), { registry });
      const frames = await Promise.all(r0.chunks().map((c) => r0.chunkHeader(c.index)));
      let seed = 5;
      let failures = 0;
      for (let k = 0; k < 150; k++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const h = frames[seed % frames.length]!;
        const at = h.offset + 48 + (seed >>> 8) % (h.storedBytes - 48);
        const bytes = clean.slice();
        bytes[at]! ^= 1 << (seed % 8);
        const r = await Reader.open(MemoryStore.wrap(bytes), { registry, verifyChunks: false });
        try {
          await r.readChunk(h.index);
        } catch (e) {
          expect(CddError.isInstance(e), String(e)).toBe(true);
          failures++;
        }
      }
      if (mustFail) expect(failures).toBeGreaterThan(0);
    }
  });
});

describe("OkxFlags", () => {
  it("DOWN_CAST_16 with a float16 array is refused", async () => {
    await expect(
      Writer.create(MemoryStore.create(), { ...okxWriterOptions("f16", registry), codecFlags: Flag.ZSTD | Flag.DOWN_CAST_16 }),
    ).rejects.toSatisfy((e) => CddError.isInstance(e));
    await expect(
      Writer.create(MemoryStore.create(), { ...okxWriterOptions("f32", registry), dtype: Dtype.FLOAT64 }),
    ).rejects.toSatisfy((e) => CddError.isInstance(e) && e.code === Status.UNSUPPORTED);
  });
});
