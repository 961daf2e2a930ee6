// reader-writer.test.ts — the container end to end with RAW chunks: round trips of every dtype, fixed and
// adaptive chunking, appends across index blocks, reopen-append, refresh, concurrent reads, LZ4 index
// blocks, the crash cut at every byte of the last append, and every error path of the reader.
import { describe, expect, it } from "vitest";
import { CodecRegistry, type ChunkCodec } from "./codec.js";
import { ChunkType, Dtype, Flag, dtypeSize, rawIndexBlockSize } from "./constants.js";
import { CddError, Status } from "./errors.js";
import { buildFrame } from "./chunk-frame.js";
import { blake3_128 } from "./hash.js";
import { serializeLz4IndexBlock } from "./index-block.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";
import { TestStore, prng } from "./test/mem-store.js";

function rows(n: number, rowBytes: number, seed: number): Uint8Array {
  const r = prng(seed);
  const out = new Uint8Array(n * rowBytes);
  for (let i = 0; i < out.length; i++) out[i] = r() & 0xff;
  return out;
}

/** Byte equality of two views (fast, unlike a deep toEqual on large typed arrays). */
function expectBytes(got: ArrayBufferView, want: Uint8Array): void {
  const a = Buffer.from(got.buffer, got.byteOffset, got.byteLength);
  expect(a.length).toBe(want.length);
  expect(a.equals(want)).toBe(true);
}

async function expectCdd(p: Promise<unknown>, code: number, msg: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect(CddError.isInstance(e), String(e)).toBe(true);
    expect((e as CddError).statusName).toBe(new CddError(code as 0, "").statusName);
    expect((e as Error).message).toMatch(msg);
    return;
  }
  expect.unreachable("expected a CddError");
}

async function writeFile(data: Uint8Array, opts: { rowShape: number[]; dtype?: Dtype; chunkRows?: number; indexCapacity?: number; appendSizes?: number[] }) {
  const store = new TestStore();
  const dtype = opts.dtype ?? Dtype.UINT8;
  const w = await Writer.create(store, {
    dtype,
    rowShape: opts.rowShape,
    ...(opts.chunkRows !== undefined ? { chunkRows: opts.chunkRows } : {}),
    ...(opts.indexCapacity !== undefined ? { indexCapacity: opts.indexCapacity } : {}),
    userMeta: new TextEncoder().encode("hello user meta"),
  });
  const rowBytes = dtypeSize(dtype) * opts.rowShape.reduce((a, b) => a * b, 1);
  let at = 0;
  const sizes = opts.appendSizes ?? [data.length / rowBytes];
  for (let i = 0; at < data.length; i++) {
    const n = Math.min(sizes[i % sizes.length]!, (data.length - at) / rowBytes);
    await w.append(data.subarray(at, at + n * rowBytes));
    at += n * rowBytes;
  }
  await w.close();
  return store;
}

describe("FormatRoundTrip", () => {
  for (const dtype of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as Dtype[]) {
    it(`dtype ${dtype}: rows read back bit-exact`, async () => {
      const rowShape = [5, 3];
      const rowBytes = dtypeSize(dtype) * 15;
      const data = rows(1001, rowBytes, dtype);
      const store = await writeFile(data, { rowShape, dtype, chunkRows: 64 });
      const r = await Reader.open(store);
      expect(r.numRows).toBe(1001);
      expect(r.numChunks).toBe(Math.ceil(1001 / 64));
      expect(new TextDecoder().decode(r.userMeta)).toBe("hello user meta");
      const all = await r.readRows(0, 1001);
      expectBytes(all, data);
    });
  }

  it("reads random slices, chunks and headers against the source", async () => {
    const data = rows(5000, 12, 1);
    const store = await writeFile(data, { rowShape: [3, 4], appendSizes: [1, 7, 333, 2000] });
    const r = await Reader.open(store);
    expect(r.numRows).toBe(5000);
    const rnd = prng(99);
    for (let k = 0; k < 200; k++) {
      const a = rnd() % 5000;
      const b = a + (rnd() % (5001 - a));
      const got = await r.readRows(a, b);
      expectBytes(got, data.subarray(a * 12, b * 12));
    }
    for (let i = 0; i < r.numChunks; i += 5) {
      const c = r.chunk(i);
      const h = await r.chunkHeader(i);
      expect(h.type).toBe(ChunkType.RAW);
      expect(h.shape).toEqual([c.rows, 3, 4]);
      expect(h.flags).toBe(Flag.LITTLE_ENDIAN);
      const got = await r.readChunk(i);
      expectBytes(got, 
        data.subarray(c.firstRow * 12, (c.firstRow + c.rows) * 12),
      );
    }
  });

  it("adaptive chunking aims at the stored-byte target", async () => {
    const data = rows(20000, 6, 2);
    const store = await writeFile(data, { rowShape: [6] });
    const r = await Reader.open(store);
    const sizes = await Promise.all(r.chunks().slice(1, -1).map(async (c) => (await r.chunkHeader(c.index)).storedBytes));
    for (const s of sizes) expect(Math.abs(s - 4096)).toBeLessThan(200);
  });

  it("appends across many index blocks, each block's capacity growing", async () => {
    const data = rows(3000, 4, 3);
    const store = await writeFile(data, { rowShape: [4], chunkRows: 10, indexCapacity: 2 });
    const r = await Reader.open(store);
    expect(r.numChunks).toBe(300);
    const caps = r.indexBlocks().map((b) => b.capacity);
    expect(caps.slice(0, 5)).toEqual([2, 4, 8, 16, 32]);
    expect(r.info().numIndexBlocks).toBe(caps.length);
    const got = await r.readRows(0, 3000);
    expectBytes(got, data);
  });

  it("reopen-append continues the chain; refresh picks up new chunks", async () => {
    const data = rows(1000, 8, 4);
    const store = await writeFile(data.subarray(0, 400 * 8), { rowShape: [2, 4], chunkRows: 50, indexCapacity: 3 });
    const r = await Reader.open(store);
    expect(r.numRows).toBe(400);
    const w = await Writer.openAppend(store);
    expect(w.rowsCommitted).toBe(400);
    await w.append(data.subarray(400 * 8, 700 * 8));
    await w.flush();
    expect(await r.refresh()).toBe(6);
    expect(r.numRows).toBe(700);
    await w.append(data.subarray(700 * 8));
    await w.close();
    await r.refresh();
    const got = await r.readRows(0, 1000);
    expectBytes(got, data);
  });

  it("many concurrent readRows on one reader", async () => {
    const data = rows(4096, 16, 5);
    const store = await writeFile(data, { rowShape: [16], chunkRows: 100 });
    const r = await Reader.open(store);
    const rnd = prng(5);
    const ranges = Array.from({ length: 64 }, () => {
      const a = rnd() % 4000;
      return [a, a + (rnd() % 96) + 1] as const;
    });
    const got = await Promise.all(ranges.map(([a, b]) => r.readRows(a, b)));
    got.forEach((g, i) => {
      const [a, b] = ranges[i]!;
      expectBytes(g, data.subarray(a * 16, b * 16));
    });
  });

  it("rows read one by one go through the chunk cache: bit-exact, concurrent, cleared on refresh", async () => {
    const data = rows(1200, 12, 8);
    const store = await writeFile(data.subarray(0, 800 * 12), { rowShape: [12], chunkRows: 40, indexCapacity: 4 });
    const r = await Reader.open(store, { cacheChunks: 3 });
    const rnd = prng(8);
    const picks = Array.from({ length: 400 }, () => rnd() % 800);
    // Concurrent single rows and short ranges (fewer cache slots than chunks in use: evictions meanwhile).
    const got = await Promise.all(picks.map((i) => r.readRows(i, Math.min(800, i + 1 + (i % 3)))));
    got.forEach((g, k) => {
      const i = picks[k]!;
      const e = Math.min(800, i + 1 + (i % 3));
      expectBytes(g, data.subarray(i * 12, e * 12));
    });
    for (let i = 0; i < 800; i++) expectBytes(await r.readRows(i, i + 1), data.subarray(i * 12, (i + 1) * 12));
    expect(r.cachedChunks).toBe(3);
    const w = await Writer.openAppend(store);
    await w.append(data.subarray(800 * 12));
    await w.close();
    await r.refresh();
    expect(r.cachedChunks).toBe(0);
    for (let i = 0; i < 1200; i += 7) expectBytes(await r.readRows(i, i + 1), data.subarray(i * 12, (i + 1) * 12));
    const off = await Reader.open(store, { cacheChunks: 0 });
    for (let i = 0; i < 1200; i += 13) expectBytes(await off.readRows(i, i + 1), data.subarray(i * 12, (i + 1) * 12));
    expect(off.cachedChunks).toBe(0);
  });

  it("readRowsAt gathers rows in any order, repeated, across chunks, and rejects bad indices first", async () => {
    const data = rows(900, 12, 21);
    const store = await writeFile(data, { rowShape: [12], chunkRows: 37, indexCapacity: 4 });
    for (const cacheChunks of [0, 3]) {
      const r = await Reader.open(store, { cacheChunks });
      const rnd = prng(cacheChunks + 1);
      const picks = [...Array.from({ length: 300 }, () => rnd() % 900), 899, 0, 0, 36, 37];
      const got = await r.readRowsAt(picks);
      expect(got.byteLength).toBe(picks.length * 12);
      const bytes = new Uint8Array(got.buffer, got.byteOffset, got.byteLength);
      picks.forEach((i, k) => expectBytes(bytes.subarray(k * 12, (k + 1) * 12), data.subarray(i * 12, (i + 1) * 12)));
      expect((await r.readRowsAt([])).byteLength).toBe(0);
      const out = new Uint8Array(2 * 12).fill(0xee);
      await expectCdd(r.readRowsAt([5, 900], out), Status.OUT_OF_RANGE, /row 900 \(index 1 of the request\)/);
      expect(out[0]).toBe(0xee); // nothing read
      await expectCdd(r.readRowsAt([1.5]), Status.OUT_OF_RANGE, /row 1.5/);
      await expectCdd(r.readRowsAt([1, 2, 3], out), Status.INVALID_ARGUMENT, /3 rows need 36/);
      await r.readRowsAt([7, 3], out);
      expectBytes(out.subarray(0, 12), data.subarray(7 * 12, 8 * 12));
      expectBytes(out.subarray(12, 24), data.subarray(3 * 12, 4 * 12));
    }
  });

  it("reads a file whose index is one sealed LZ4 block", async () => {
    const data = rows(600, 4, 6);
    const src = await writeFile(data, { rowShape: [4], chunkRows: 20 });
    const r = await Reader.open(src);
    // Repack by hand: header, one LZ4 block, the chunk frames.
    const headerEnd = r.headerEnd;
    const frames = await Promise.all(r.chunks().map(async (c) => src.read(c.offset, (await r.chunkHeader(c.index)).storedBytes)));
    let blockSize = 0;
    let block: Uint8Array | undefined;
    for (let iter = 0; iter < 8; iter++) {
      const offsets: number[] = [];
      let at = headerEnd + blockSize;
      for (const f of frames) {
        offsets.push(at);
        at += f.length;
      }
      block = serializeLz4IndexBlock(offsets, r.chunks().map((c) => c.rows), 0);
      if (block!.length === blockSize) break;
      blockSize = block!.length;
    }
    expect(block!.length).toBeLessThan(rawIndexBlockSize(frames.length));
    const out = new TestStore();
    await out.writeAt(0, src.data.subarray(0, headerEnd));
    await out.append(block!);
    for (const f of frames) await out.append(f);
    const r2 = await Reader.open(out);
    expect(r2.indexBlocks()[0]!.type).toBe(2);
    const got = await r2.readRows(0, 600);
    expectBytes(got, data);
    // Appending after a sealed LZ4 block links a new RAW block.
    const w = await Writer.openAppend(out);
    await w.append(rows(10, 4, 7));
    await w.close();
    const r3 = await Reader.open(out);
    expect(r3.numRows).toBe(610);
    expect(r3.indexBlocks().map((b) => b.type)).toEqual([2, 1]);
  });
});

describe("FormatCrashCut", () => {
  it("a cut at any byte of the last append keeps all earlier rows; append-mode repairs the tail", async () => {
    const data = rows(230, 4, 8);
    const store = await writeFile(data.subarray(0, 200 * 4), { rowShape: [4], chunkRows: 10, indexCapacity: 4 });
    const before = store.data.slice();
    // One more append that fills block 4 (20 chunks in blocks of 4+8+...: the new chunk opens a block).
    const w = await Writer.openAppend(store);
    await w.append(data.subarray(200 * 4, 230 * 4));
    await w.close();
    const after = store.data.slice();
    // Replay the append into a recording store to learn each write.
    const rec = TestStore.of(before);
    const writes: { offset: number; bytes: Uint8Array }[] = [];
    const orig = rec.writeAt.bind(rec);
    rec.writeAt = async (offset, bytes) => {
      writes.push({ offset, bytes: bytes.slice() });
      return orig(offset, bytes);
    };
    const w2 = await Writer.openAppend(rec);
    await w2.append(data.subarray(200 * 4, 230 * 4));
    await w2.close();
    expect(rec.data).toEqual(after);
    // Cut after every prefix of every write (a crash at any byte of the append).
    let checked = 0;
    for (let wi = 0; wi < writes.length; wi++) {
      const wr = writes[wi]!;
      for (let cut = 0; cut <= wr.bytes.length; cut += wr.bytes.length > 64 ? 13 : 1) {
        const s = TestStore.of(before);
        for (let k = 0; k < wi; k++) await s.writeAt(writes[k]!.offset, writes[k]!.bytes);
        await s.writeAt(wr.offset, wr.bytes.subarray(0, cut));
        const r = await Reader.open(s);
        expect(r.numRows % 10).toBe(0);
        expect(r.numRows).toBeGreaterThanOrEqual(200);
        const got = await r.readRows(0, r.numRows);
        expectBytes(got, data.subarray(0, r.numRows * 4));
        const wa = await Writer.openAppend(s);
        const n0 = wa.rowsCommitted;
        await wa.append(data.subarray(n0 * 4, 230 * 4));
        await wa.close();
        const r2 = await Reader.open(s);
        const all = await r2.readRows(0, 230);
        expectBytes(all, data);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe("FormatAppendDamaged", () => {
  it("append mode after the last committed chunk was damaged keeps its bytes and appends after the file end (§6.1)", async () => {
    const data = rows(50, 4, 12);
    const store = await writeFile(data.subarray(0, 40 * 4), { rowShape: [4], chunkRows: 10 });
    const r0 = await Reader.open(store);
    const last = r0.chunk(3);
    store.data[last.offset + 50]! ^= 0x20;
    await store.append(Uint8Array.of(1, 2, 3)); // trailing bytes: no longer provably garbage
    const sizeBefore = await store.size();
    const w = await Writer.openAppend(store);
    await w.append(data.subarray(40 * 4));
    await w.close();
    const r = await Reader.open(store);
    expect(r.numRows).toBe(50);
    expect(r.chunk(4).offset).toBe(sizeBefore);
    expectBytes(await r.readRows(40, 50), data.subarray(40 * 4));
    expectBytes(await r.readRows(0, 30), data.subarray(0, 30 * 4));
    await expectCdd(r.readChunk(3), Status.CORRUPT, /chunk 3 .*hash mismatch/);
  });
});

describe("FormatErrors", () => {
  async function small(): Promise<TestStore> {
    return writeFile(rows(100, 4, 9), { rowShape: [4], chunkRows: 10 });
  }

  it("bad magic names the bytes found", async () => {
    const s = await small();
    s.data[1] = 0x58;
    await expectCdd(Reader.open(s), Status.FORMAT, /bad magic 89584444/);
  });
  it("wrong version", async () => {
    const s = await small();
    s.data[8] = 7;
    await expectCdd(Reader.open(s), Status.VERSION, /unsupported format version 7/);
  });
  it("truncated file", async () => {
    const s = await small();
    await s.truncate(30);
    await expectCdd(Reader.open(s), Status.FORMAT, /truncated|runs past/);
  });
  it("chunk payload flip: hash mismatch naming the chunk", async () => {
    const s = await small();
    const r = await Reader.open(s);
    const c = r.chunk(3);
    s.data[c.offset + 50]! ^= 1;
    const r2 = await Reader.open(s);
    await expectCdd(r2.readRows(0, 100), Status.CORRUPT, new RegExp(`chunk 3 at offset ${c.offset}: hash mismatch`));
    await expectCdd(r2.readChunk(3), Status.CORRUPT, /hash mismatch/);
    // Without verification the flipped byte decodes (RAW), proving the hash was the only guard.
    const r3 = await Reader.open(s, { verifyChunks: false });
    await r3.readChunk(3);
  });
  it("hashes each chunk the first time the reader reads it, and a failed chunk again on every read", async () => {
    const s = await small();
    let calls = 0;
    const counting: typeof blake3_128 = (parts) => {
      calls++;
      return blake3_128(parts);
    };
    const r = await Reader.open(s, { hash: counting });
    calls = 0;
    await r.readRows(0, 100);
    expect(calls).toBe(10); // ten chunks of ten rows
    await r.readRows(5, 95);
    await r.readChunk(4);
    expect(calls).toBe(10);
    s.data[r.chunk(7).offset + 50]! ^= 1;
    const fresh = await Reader.open(s, { hash: counting });
    for (let k = 0; k < 2; k++) await expectCdd(fresh.readChunk(7), Status.CORRUPT, /chunk 7 .*hash mismatch/);
  });
  it("a damaged chunk fails every single-row read, never served from the chunk cache", async () => {
    const s = await small();
    const r0 = await Reader.open(s);
    s.data[r0.chunk(7).offset + 50]! ^= 1;
    const r = await Reader.open(s);
    for (let k = 0; k < 3; k++) {
      await expectCdd(r.readRows(71, 72), Status.CORRUPT, /chunk 7 .*hash mismatch/);
      await expectCdd(r.readRows(75, 78), Status.CORRUPT, /chunk 7 .*hash mismatch/);
      await r.readRows(69, 70);
      await r.readRows(80, 81);
    }
    expect(r.cachedChunks).toBe(2);
  });
  it("chunk header flip (dtype field) is caught by the hash", async () => {
    const s = await small();
    const r = await Reader.open(s);
    s.data[r.chunk(0).offset + 6] = 3;
    await expectCdd(r.readChunk(0), Status.CORRUPT, /chunk 0 .*hash mismatch/);
  });
  it("index block flip: no valid commit record", async () => {
    const s = await small();
    const r = await Reader.open(s);
    s.data[r.headerEnd + 96]! ^= 0x10; // slot 0 offset
    await expectCdd(Reader.open(s), Status.CORRUPT, new RegExp(`index block at offset ${r.headerEnd}: no valid commit record`));
  });
  it("unknown chunk type → UNSUPPORTED naming it", async () => {
    const s = await small();
    const r = await Reader.open(s);
    const c = r.chunk(2);
    const frame = await s.read(c.offset, (await r.chunkHeader(2)).storedBytes);
    const payload = frame.subarray(44);
    const forged = buildFrame(40000, Dtype.UINT8, Flag.LITTLE_ENDIAN, [10, 4], payload);
    await s.writeAt(c.offset, forged);
    await expectCdd(r.readChunk(2), Status.UNSUPPORTED, /unknown chunk type 40000/);
  });
  it("unknown chunk flags → UNSUPPORTED", async () => {
    const s = await small();
    const r = await Reader.open(s);
    const c = r.chunk(1);
    const forged = buildFrame(ChunkType.RAW, Dtype.UINT8, Flag.LITTLE_ENDIAN | (1n << 20n), [10, 4], new Uint8Array(40));
    await s.writeAt(c.offset, forged);
    await expectCdd(r.readChunk(1), Status.UNSUPPORTED, /unknown chunk flags 0x100000/);
  });
  it("big-endian chunk → UNSUPPORTED", async () => {
    const s = await small();
    const r = await Reader.open(s);
    await s.writeAt(r.chunk(1).offset, buildFrame(ChunkType.RAW, Dtype.UINT8, Flag.BIG_ENDIAN, [10, 4], new Uint8Array(40)));
    await expectCdd(r.readChunk(1), Status.UNSUPPORTED, /big-endian chunks are not supported/);
  });
  it("frame shape disagreeing with the index → FORMAT", async () => {
    const s = await small();
    const r = await Reader.open(s);
    await s.writeAt(r.chunk(1).offset, buildFrame(ChunkType.RAW, Dtype.UINT8, Flag.LITTLE_ENDIAN, [9, 4], new Uint8Array(36)));
    await expectCdd(r.readChunk(1), Status.FORMAT, /frame has 9 rows, the index says 10/);
  });
  it("a codec's decode error surfaces as CODEC", async () => {
    const s = await small();
    const r0 = await Reader.open(s);
    const c = r0.chunk(0);
    await s.writeAt(c.offset, buildFrame(ChunkType.RAW, Dtype.UINT8, Flag.LITTLE_ENDIAN, [10, 4], new Uint8Array(39)));
    const r = await Reader.open(s);
    await expectCdd(r.readChunk(0), Status.CODEC, /chunk 0 at offset \d+: RAW payload of 39 bytes, expected 40/);
  });
  it("rows out of range", async () => {
    const r = await Reader.open(await small());
    await expectCdd(r.readRows(90, 101), Status.OUT_OF_RANGE, /rows \[90, 101\) outside the array's 100 rows/);
    expect(() => r.chunk(10)).toThrow(/chunk 10 outside/);
  });
  it("a second writer on a locked store is LOCKED", async () => {
    const s = new TestStore();
    const w = await Writer.create(s, { dtype: Dtype.UINT8, rowShape: [1] });
    await expectCdd(Writer.openAppend(s), Status.LOCKED, /locked/);
    await w.close();
    const w2 = await Writer.openAppend(s);
    await w2.close();
  });
  it("writer options naming an unregistered codec fail at create", async () => {
    await expectCdd(Writer.create(new TestStore(), { dtype: Dtype.FLOAT32, rowShape: [2], codec: ChunkType.ZSTD }), Status.UNSUPPORTED, /unknown chunk type 2/);
  });
});

describe("FormatRegistry", () => {
  const fake: ChunkCodec = {
    name: "fake",
    types: [32768],
    dtypes: [Dtype.UINT8],
    encode: (_d, input) => input.slice().reverse(),
    decode: (_d, payload, out) => out.set(payload.slice().reverse()),
  };
  it("Readers and Writers use the registry's hash when their options name none", async () => {
    let calls = 0;
    const reg = new CodecRegistry();
    reg.hash = (parts) => {
      calls++;
      return blake3_128(parts);
    };
    const s = new TestStore();
    const w = await Writer.create(s, { dtype: Dtype.UINT8, rowShape: [2], chunkRows: 2, registry: reg });
    await w.append(Uint8Array.of(1, 2, 3, 4));
    await w.close();
    const afterWrite = calls;
    expect(afterWrite).toBeGreaterThan(0);
    const r = await Reader.open(s, { registry: reg });
    await r.readRows(0, 2);
    expect(calls).toBeGreaterThan(afterWrite);
  });
  it("same (type, name) twice is harmless; another name for a type is refused", () => {
    const reg = new CodecRegistry().register(fake).register(fake);
    expect(reg.types()).toEqual([1, 32768]);
    expect(() => reg.register({ ...fake, name: "other" })).toThrow(/already registered to fake/);
  });
  it("a user codec writes and reads through the container; dtype it does not handle is refused", async () => {
    const reg = new CodecRegistry().register(fake);
    const s = new TestStore();
    const w = await Writer.create(s, { dtype: Dtype.UINT8, rowShape: [3], codec: 32768, codecFlags: 0n, registry: reg, chunkRows: 4 });
    await w.append(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    await w.close();
    const r = await Reader.open(s, { registry: reg });
    expect([...(await r.readRows(0, 5))]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    await expectCdd(Reader.open(s).then((r0) => r0.readRows(0, 1)), Status.UNSUPPORTED, /unknown chunk type 32768/);
    await expectCdd(
      Writer.create(new TestStore(), { dtype: Dtype.FLOAT32, rowShape: [3], codec: 32768, codecFlags: 0n, registry: reg }),
      Status.UNSUPPORTED,
      /does not handle dtype float32/,
    );
  });
});
