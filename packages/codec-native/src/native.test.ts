// native.test.ts — the addon's codecs through @cdd/format (ZSTD, LZ4, SHUFFLE, DELTA on realistic data),
// batch decode (sync and Promise) against per-chunk decode, native BLAKE3 and zstd, byte compatibility
// with the core's own reader and writer in both directions, codec errors naming the chunk, and the flock lock.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CddError,
  ChunkType,
  CodecRegistry,
  Dtype,
  Flag,
  Reader,
  Status,
  Writer,
  blake3_128,
  dtypeSize,
  zstdDecode,
  type ByteStore,
} from "@cdd/format";
import { MemoryStore } from "@cdd/store-memory";
import { FileStore } from "@cdd/store-file";
import {
  CoreReader,
  CoreWriter,
  GEN_REGIMES,
  type GenRegime,
  generateOrderbookF16,
  generateOrderbookF32,
  generateTimestampsMs,
  nativeCodecPreset,
  nativeFileLocker,
  nativeHash128,
  nativeZstdCompress,
  registerNativeCodecs,
  setDecodeThreads,
  simdTarget,
  verifyFile,
} from "./index.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cdd-codec-native-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const registry = registerNativeCodecs(new CodecRegistry());

function bytesOf(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes `data` with a TS Writer, appended in `pieces` row-aligned parts. */
async function writeWith(store: ByteStore, data: ArrayBufferView, opts: Parameters<typeof Writer.create>[1], pieces = 3): Promise<void> {
  const w = await Writer.create(store, opts);
  const bytes = bytesOf(data);
  const rowBytes = dtypeSize(opts.dtype) * opts.rowShape.reduce((a, b) => a * b, 1);
  const rows = bytes.length / rowBytes;
  const per = Math.ceil(rows / pieces);
  for (let r = 0; r < rows; r += per) await w.append(bytes.subarray(r * rowBytes, Math.min(rows, r + per) * rowBytes));
  await w.close();
}

describe("NativeInfo", () => {
  it("reports the core's codec presets, and refuses an unknown chunk type", () => {
    const f16 = nativeCodecPreset(ChunkType.OKX_OB_F16);
    expect(f16.codecFlags).toBe(Flag.LZ4);
    expect(f16.level).toBe(9);
    expect(f16.chunkTargetBytes).toBe(16384);
    expect([...f16.codecParams]).toEqual([5]);
    const f32 = nativeCodecPreset(ChunkType.OKX_OB_F32);
    expect([f32.codecFlags, f32.level, f32.chunkTargetBytes, [...f32.codecParams]]).toEqual([Flag.LZ4, 9, 16384, [4]]);
    expect(() => nativeCodecPreset(999)).toThrow(expect.objectContaining({ code: Status.UNSUPPORTED }));
  });
  it("reports a SIMD target", () => {
    expect(["AVX3_SPR", "AVX3_ZEN4", "AVX3_DL", "AVX3", "AVX2", "SSE4", "SSSE3", "SSE2", "EMU128", "SCALAR", "NEON", "SVE", "SVE2"]).toContain(simdTarget());
  });
  it("native BLAKE3-128 equals the pure-JS one", () => {
    const b = bytesOf(generateOrderbookF32(1, 100));
    expect(nativeHash128([b.subarray(0, 7), b.subarray(7)])).toEqual(blake3_128([b]));
  });
  it("generates every regime deterministically, legacy by default", () => {
    for (const regime of GEN_REGIMES) {
      const a = generateOrderbookF32(3, 200, regime);
      expect(a.length).toBe(200 * 150);
      expect(bytesOf(a).equals(bytesOf(generateOrderbookF32(3, 200, regime)))).toBe(true);
      expect(bytesOf(a).equals(bytesOf(generateOrderbookF32(3, 200)))).toBe(false);
      expect(generateOrderbookF16(3, 10, regime).length).toBe(10 * 150);
    }
    expect(bytesOf(generateOrderbookF32(3, 50, "legacy")).equals(bytesOf(generateOrderbookF32(3, 50)))).toBe(true);
    expect(() => generateOrderbookF32(3, 5, "hectic" as GenRegime)).toThrow(/unknown generator regime 'hectic'/);
  });
  it("native zstd frames decode with the pure-JS decoder", () => {
    const b = bytesOf(generateOrderbookF32(2, 50));
    const f = nativeZstdCompress(b);
    expect(f.length).toBeLessThan(b.length);
    expect(bytesOf(zstdDecode(f, "test")).equals(b)).toBe(true);
  });
});

describe("NativeCodecs", () => {
  const book = generateOrderbookF32(7, 3000);
  const ts = generateTimestampsMs(7, 5000);
  const cases: { name: string; data: ArrayBufferView; dtype: Dtype; rowShape: number[]; codec: number; flags: bigint }[] = [
    { name: "ZSTD book", data: book, dtype: Dtype.FLOAT32, rowShape: [50, 3], codec: ChunkType.ZSTD, flags: Flag.ZSTD },
    { name: "LZ4 book", data: book, dtype: Dtype.FLOAT32, rowShape: [50, 3], codec: ChunkType.LZ4, flags: Flag.LZ4 },
    { name: "SHUFFLE+ZSTD book", data: book, dtype: Dtype.FLOAT32, rowShape: [50, 3], codec: ChunkType.SHUFFLE, flags: Flag.ZSTD },
    { name: "SHUFFLE+LZ4 book", data: book, dtype: Dtype.FLOAT32, rowShape: [150], codec: ChunkType.SHUFFLE, flags: Flag.LZ4 },
    { name: "SHUFFLE alone", data: book, dtype: Dtype.FLOAT32, rowShape: [50, 3], codec: ChunkType.SHUFFLE, flags: 0n },
    { name: "DELTA timestamps", data: ts, dtype: Dtype.INT64, rowShape: [1], codec: ChunkType.DELTA, flags: Flag.ZSTD },
  ];
  for (const c of cases) {
    it(`${c.name}: TS writer → TS reader and core reader, bit-exact`, async () => {
      const store = MemoryStore.create();
      await writeWith(store, c.data, { dtype: c.dtype, rowShape: c.rowShape, codec: c.codec, codecFlags: c.flags, registry });
      const bytes = store.bytes().slice();
      const r = await Reader.open(MemoryStore.wrap(bytes), { registry });
      const all = await r.readRows(0, r.numRows);
      expect(bytesOf(all).equals(bytesOf(c.data))).toBe(true);
      if (c.flags !== 0n) expect(bytes.length).toBeLessThan(bytesOf(c.data).length);
      const core = new CoreReader(bytes);
      expect(core.numRows).toBe(r.numRows);
      expect(bytesOf(core.readRows(0, core.numRows)).equals(bytesOf(c.data))).toBe(true);
      core.close();
    });
  }
  it("DELTA timestamps compress to a few bits each", async () => {
    const store = MemoryStore.create();
    await writeWith(store, ts, { dtype: Dtype.INT64, rowShape: [1], codec: ChunkType.DELTA, codecFlags: Flag.ZSTD, registry });
    const r = await Reader.open(store, { registry });
    let stored = 0;
    for (const c of r.chunks()) stored += (await r.chunkHeader(c.index)).storedBytes;
    expect((stored * 8) / ts.length).toBeLessThan(16);
  });
  it("batch decode (sync, async, 1 thread) equals chunk-by-chunk decode", async () => {
    const store = MemoryStore.create();
    await writeWith(store, book, { dtype: Dtype.FLOAT32, rowShape: [50, 3], codec: ChunkType.SHUFFLE, codecFlags: Flag.ZSTD, registry, chunkRows: 37 });
    const sync = await Reader.open(store, { registry });
    const asyncR = await Reader.open(store, { registry, asyncDecode: true });
    const one = await Reader.open(store, { registry: new CodecRegistry().register({ ...registry.get(ChunkType.SHUFFLE), decodeBatch: undefined, decodeBatchAsync: undefined }) });
    const a = await sync.readRows(5, 2999);
    const b = await asyncR.readRows(5, 2999);
    const c = await one.readRows(5, 2999);
    setDecodeThreads(1);
    const d = await sync.readRows(5, 2999);
    setDecodeThreads(0);
    const want = bytesOf(book).subarray(5 * 600, 2999 * 600);
    for (const x of [a, b, c, d]) expect(bytesOf(x).equals(want)).toBe(true);
    const many = await Promise.all(Array.from({ length: 16 }, (_, i) => asyncR.readRows(i * 150, i * 150 + 300)));
    many.forEach((m, i) => expect(bytesOf(m).equals(bytesOf(book).subarray(i * 150 * 600, (i * 150 + 300) * 600))).toBe(true));
  });
  it("a damaged payload (hash not checked) is a CODEC error naming the chunk", async () => {
    const store = MemoryStore.create();
    await writeWith(store, book.subarray(0, 150 * 200), { dtype: Dtype.FLOAT32, rowShape: [50, 3], codec: ChunkType.ZSTD, codecFlags: Flag.ZSTD, registry, chunkRows: 50 });
    const r0 = await Reader.open(store, { registry });
    const c = await r0.chunkHeader(2);
    const bytes = store.bytes();
    for (let i = 60; i < 90; i++) bytes[c.offset + i] = 0xff;
    const r = await Reader.open(MemoryStore.wrap(bytes), { registry, verifyChunks: false });
    await expect(r.readRows(0, 200)).rejects.toSatisfy(
      (e) => CddError.isInstance(e) && e.code === Status.CODEC && e.message.startsWith(`chunk 2 at offset ${c.offset}`),
    );
    await expect(r.readChunk(2)).rejects.toSatisfy((e) => CddError.isInstance(e) && e.code === Status.CODEC);
    const rv = await Reader.open(MemoryStore.wrap(bytes), { registry });
    await expect(rv.readChunk(2)).rejects.toSatisfy((e) => CddError.isInstance(e) && e.code === Status.CORRUPT);
  });
});

describe("NativeCompat", () => {
  it("a file written by the core is read by the TS reader (several index blocks, user metadata)", async () => {
    const path = join(dir, "core.cdd");
    const book = generateOrderbookF32(11, 2500);
    const w = CoreWriter.create(path, { dtype: Dtype.FLOAT32, rowShape: [50, 3], codec: ChunkType.SHUFFLE, codecFlags: Flag.LZ4, chunkRows: 20, indexCapacity: 8, userMeta: new TextEncoder().encode("from C") });
    w.append(book.subarray(0, 150 * 1000));
    w.flush();
    w.append(book.subarray(150 * 1000));
    w.close();
    const fs = await FileStore.open(path);
    const r = await Reader.open(fs, { registry, hash: nativeHash128 });
    expect(r.numRows).toBe(2500);
    expect(r.info().numIndexBlocks).toBeGreaterThan(3);
    expect(new TextDecoder().decode(r.userMeta)).toBe("from C");
    expect(r.info().writer).toMatch(/libcdd/);
    expect(bytesOf(await r.readRows(0, 2500)).equals(bytesOf(book))).toBe(true);
    await fs.close();
    // The TS writer appends to the core's file; the core reads the result and verifies it.
    const ws = await FileStore.open(path, { mode: "write", locker: nativeFileLocker });
    const wa = await Writer.openAppend(ws, { registry });
    const more = generateOrderbookF32(12, 300);
    await wa.append(more);
    await wa.close();
    await ws.close();
    verifyFile(path);
    const core = new CoreReader(path);
    expect(core.numRows).toBe(2800);
    expect(bytesOf(core.readRows(2500, 2800)).equals(bytesOf(more))).toBe(true);
    core.close();
  });
  it("a file written by the TS writer (native zstd metadata) is verified and read by the core, then appended by it", async () => {
    const path = join(dir, "ts.cdd");
    const ts = generateTimestampsMs(3, 4000);
    const fs = await FileStore.open(path, { mode: "create", locker: nativeFileLocker });
    const w = await Writer.create(fs, { dtype: Dtype.INT64, rowShape: [1], codec: ChunkType.DELTA, codecFlags: Flag.ZSTD, registry, indexCapacity: 4, chunkRows: 100, compressBlob: (d) => nativeZstdCompress(d), userMeta: new Uint8Array(300).fill(7) });
    await w.append(ts);
    await w.close();
    await fs.close();
    verifyFile(path);
    const core = new CoreReader(path);
    expect(core.info().writer).toMatch(/@cdd\/format/);
    expect(bytesOf(core.readRows(0, 4000)).equals(bytesOf(ts))).toBe(true);
    core.close();
    const cw = CoreWriter.openAppend(path, 8);
    cw.append(ts.subarray(0, 50));
    cw.close();
    const r = await Reader.open(MemoryStore.wrap(await readFile(path)), { registry });
    expect(r.numRows).toBe(4050);
    expect(bytesOf(await r.readRows(4000, 4050)).equals(bytesOf(ts.subarray(0, 50)))).toBe(true);
  });
  it("the flock lock excludes C and TS writers from each other", async () => {
    const path = join(dir, "lock.cdd");
    const cw = CoreWriter.create(path, { dtype: Dtype.UINT8, rowShape: [4] });
    const fs = await FileStore.open(path, { mode: "write", locker: nativeFileLocker });
    await expect(Writer.openAppend(fs, { registry })).rejects.toSatisfy((e) => CddError.isInstance(e) && e.code === Status.LOCKED);
    cw.close();
    const w = await Writer.openAppend(fs, { registry });
    expect(() => CoreWriter.openAppend(path, 4)).toThrow(CddError);
    try {
      CoreWriter.openAppend(path, 4);
    } catch (e) {
      expect((e as CddError).code).toBe(Status.LOCKED);
    }
    await w.close();
    await fs.close();
  });
  it("2000 one-row chunks (full 1024-slot block, segment digests) both ways", async () => {
    const ts = generateTimestampsMs(8, 2000);
    const path = join(dir, "seg-core.cdd");
    const cw = CoreWriter.create(path, { dtype: Dtype.INT64, rowShape: [1], codec: ChunkType.DELTA, codecFlags: Flag.ZSTD, chunkRows: 1 });
    cw.append(ts);
    cw.close();
    const r = await Reader.open(MemoryStore.wrap(await readFile(path)), { registry });
    expect(r.numChunks).toBe(2000);
    expect(r.indexBlocks().map((b) => b.count)).toEqual([1024, 976]);
    expect(bytesOf(await r.readRows(0, 2000)).equals(bytesOf(ts))).toBe(true);
    const tsPath = join(dir, "seg-ts.cdd");
    const fs = await FileStore.open(tsPath, { mode: "create" });
    const w = await Writer.create(fs, { dtype: Dtype.INT64, rowShape: [1], codec: ChunkType.DELTA, codecFlags: Flag.ZSTD, chunkRows: 1, registry, hash: nativeHash128 });
    await w.append(ts);
    await w.close();
    await fs.close();
    verifyFile(tsPath);
    const core = new CoreReader(tsPath);
    expect(core.numChunks).toBe(2000);
    expect(bytesOf(core.readRows(0, 2000)).equals(bytesOf(ts))).toBe(true);
    core.close();
  });
  it("verifyFile names the damaged chunk", async () => {
    const path = join(dir, "bad.cdd");
    const cw = CoreWriter.create(path, { dtype: Dtype.FLOAT32, rowShape: [50, 3], codec: ChunkType.ZSTD, codecFlags: Flag.ZSTD, chunkRows: 10 });
    cw.append(generateOrderbookF32(5, 100));
    cw.close();
    const bytes = await readFile(path);
    const r = await Reader.open(MemoryStore.wrap(bytes), { registry });
    const c = r.chunk(4);
    bytes[c.offset + 40]! ^= 0x55;
    await writeFile(path, bytes);
    expect(() => verifyFile(path)).toThrow(new RegExp(`chunk 4`));
  });
});
