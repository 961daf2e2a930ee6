// vectors.test.ts — byte compatibility with the reference core: every spec/vectors/ file (listed in its
// manifest.json) is read by the TS Reader and must decode to its .npy exactly (whole, by chunk and by row
// ranges); its metadata must match the manifest; and the TS Writer with the same parameters must produce
// the same chunk frames byte for byte (the container bytes differ only in the writer string).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Reader, Writer, chunkTypeName, dtypeFromName, dtypeName } from "@cdd/format";
import { MemoryStore } from "@cdd/store-memory";
import { createOrderbookRegistry } from "./index.js";
import { parseNpy } from "./test/npy.js";

const vectorsDir = process.env.CDD_VECTORS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "spec", "vectors");
const manifestPath = join(vectorsDir, "manifest.json");

interface VectorEntry {
  name: string;
  file: string;
  expected: string;
  dtype: string;
  row_shape: number[];
  rows: number;
  appends: { rows: number; flush: boolean }[];
  codec: string;
  level: number;
  codec_flags: number;
  chunk_rows: number;
  chunk_target_bytes: number;
  index_capacity: number;
  user_meta: string;
  repacked: boolean;
}

const registry = createOrderbookRegistry();

describe("Vectors", () => {
  it("spec/vectors/manifest.json exists and lists vectors", () => {
    expect(existsSync(manifestPath), `${manifestPath} is missing`).toBe(true);
  });
  const manifest = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, "utf8")) as { format_version: number; vectors: VectorEntry[] })
    : { format_version: 1, vectors: [] };

  for (const v of manifest.vectors) {
    it(`${v.name}: decodes to its .npy exactly and matches the manifest`, async () => {
      const file = readFileSync(join(vectorsDir, v.file));
      const npy = parseNpy(readFileSync(join(vectorsDir, v.expected)));
      const r = await Reader.open(MemoryStore.wrap(file), { registry });
      const info = r.info();
      expect(dtypeName(info.dtype)).toBe(v.dtype);
      expect(info.rowShape).toEqual(v.row_shape);
      expect(r.numRows).toBe(v.rows);
      expect(chunkTypeName(info.codec) ?? String(info.codec)).toBe(v.codec);
      expect(info.codecLevel).toBe(v.level);
      expect(info.chunkRows).toBe(v.chunk_rows);
      expect(info.indexCapacity).toBe(v.index_capacity);
      expect(r.userMeta === undefined ? "" : new TextDecoder().decode(r.userMeta)).toBe(v.user_meta);
      const all = await r.readRows(0, r.numRows);
      expect(Buffer.from(all.buffer, all.byteOffset, all.byteLength).equals(npy.data)).toBe(true);
      for (const c of r.chunks()) {
        const got = await r.readChunk(c.index);
        const want = npy.data.subarray(c.firstRow * r.rowBytes, (c.firstRow + c.rows) * r.rowBytes);
        expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(want)).toBe(true);
      }
      const mid = Math.floor(r.numRows / 3);
      const part = await r.readRows(mid, Math.min(r.numRows, mid + 23));
      expect(Buffer.from(part.buffer, part.byteOffset, part.byteLength).equals(npy.data.subarray(mid * r.rowBytes, Math.min(r.numRows, mid + 23) * r.rowBytes))).toBe(true);
    });

    // Fixed-row, lossless vectors: rewriting the decoded rows must give the same chunk frames.
    if ((v.codec_flags & 0x1f0) !== 0 || v.chunk_rows === 0) continue;
    it(`${v.name}: the TS Writer reproduces its chunk frames`, async () => {
      const file = readFileSync(join(vectorsDir, v.file));
      const ref = await Reader.open(MemoryStore.wrap(file), { registry });
      const info = ref.info();
      const rows = await ref.readRows(0, ref.numRows);
      const bytes = Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
      const out = MemoryStore.create();
      const w = await Writer.create(out, {
        dtype: dtypeFromName(v.dtype)!,
        rowShape: v.row_shape,
        codec: info.codec,
        level: info.codecLevel,
        codecFlags: info.codecFlags & ~0x4n,
        chunkRows: info.chunkRows,
        indexCapacity: info.indexCapacity,
        registry,
        ...(info.codecParams ? { codecParams: info.codecParams } : {}),
      });
      let at = 0;
      for (const a of v.appends) {
        await w.append(bytes.subarray(at * ref.rowBytes, (at + a.rows) * ref.rowBytes));
        at += a.rows;
        if (a.flush) await w.flush();
      }
      await w.close();
      const mine = await Reader.open(out, { registry });
      expect(mine.numChunks).toBe(ref.numChunks);
      for (let i = 0; i < ref.numChunks; i++) {
        const hr = await ref.chunkHeader(i);
        const hm = await mine.chunkHeader(i);
        const fr = file.subarray(hr.offset, hr.offset + hr.storedBytes);
        const fm = await out.read(hm.offset, hm.storedBytes);
        expect(Buffer.from(fm).equals(fr), `chunk ${i} differs`).toBe(true);
      }
    });
  }
});
