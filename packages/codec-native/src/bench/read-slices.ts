// read-slices.ts — `pnpm bench`: random 1024-row slices of the float16 order book (OKX_OB_F16 + ZSTD,
// adaptive 4 KiB chunks) read through the TS Reader with the native codec, side by side with the C++
// core's own read_rows on the same file; prints a markdown table and writes dist/bench-results.json.
// Data: `--regime R` (the generator's market regime: calm, normal (default), busy, trending, gappy, stress,
// legacy) or `--data BOOK.npy` (a real float16 (N, 50, 3) normalized book; `python -m cdd bench`'s
// bench_data.normalize_book makes one from a raw book).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChunkType, CodecRegistry, Dtype, Flag, Reader } from "@cdd/format";
import { FileStore } from "@cdd/store-file";
import { MemoryStore } from "@cdd/store-memory";
import {
  CoreReader,
  CoreWriter,
  GEN_REGIMES,
  type GenRegime,
  generateOrderbookF16,
  makeNativeCodec,
  nativeHash128,
  simdTarget,
} from "../index.js";

function argValue(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new Error(`${name} needs a value`);
  return v;
}

/** The uint16 bits of a little-endian C-order float16 (N, 50, 3) .npy file. */
async function readNpyF16Book(path: string): Promise<{ bits: Uint16Array; rows: number }> {
  const b = new Uint8Array(await readFile(path));
  if (b.length < 10 || b[0] !== 0x93 || String.fromCharCode(...b.subarray(1, 6)) !== "NUMPY") {
    throw new Error(`${path}: not a .npy file`);
  }
  const major = b[6]!;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const headerLen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(b.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1]?.split(",").map((x) => x.trim()).filter((x) => x).map(Number);
  if (descr !== "<f2" || fortran !== "False" || !shape || shape.length !== 3 || shape[1] !== 50 || shape[2] !== 3) {
    throw new Error(`${path}: the TS bench reads a C-order float16 (N, 50, 3) book, found ${descr} ${JSON.stringify(shape)}`);
  }
  const rows = shape[0]!;
  const data = b.slice(start + headerLen, start + headerLen + rows * 300);
  if (data.length !== rows * 300) throw new Error(`${path}: truncated`);
  return { bits: new Uint16Array(data.buffer, data.byteOffset, rows * 150), rows };
}

const DATA = argValue("--data") ?? process.env.CDD_BENCH_DATA;
const REGIME = (argValue("--regime") ?? process.env.CDD_BENCH_REGIME ?? "normal") as GenRegime;
if (!DATA && REGIME !== "legacy" && !GEN_REGIMES.includes(REGIME)) {
  throw new Error(`--regime ${REGIME}: unknown (${[...GEN_REGIMES, "legacy"].join(", ")})`);
}
const LOADED = DATA ? await readNpyF16Book(DATA) : undefined;
const SOURCE = DATA ? `data ${DATA}` : `regime ${REGIME}`;
const ROWS = LOADED ? LOADED.rows : Number(process.env.CDD_BENCH_ROWS ?? 100_000);
const SLICE = 1024;
const ITERS = Number(process.env.CDD_BENCH_ITERS ?? 1500);

function slices(seed: number): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < ITERS; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(x % (ROWS - SLICE));
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Result {
  name: string;
  medianUs: number;
  meanUs: number;
  mbPerS: number;
}

async function time(name: string, starts: number[], read: (start: number) => Promise<void> | void): Promise<Result> {
  for (const s of starts.slice(0, 50)) await read(s); // warm-up
  const times: number[] = [];
  const t0 = performance.now();
  for (const s of starts) {
    const t = performance.now();
    await read(s);
    times.push((performance.now() - t) * 1000);
  }
  const total = performance.now() - t0;
  const meanUs = (total * 1000) / starts.length;
  return { name, medianUs: median(times), meanUs, mbPerS: (SLICE * 300 * starts.length) / 1e6 / (total / 1000) };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "cdd-bench-"));
  try {
    const path = join(dir, "book_f16.cdd");
    const book = LOADED ? LOADED.bits : generateOrderbookF16(2024, ROWS, REGIME);
    const w = CoreWriter.create(path, { dtype: Dtype.FLOAT16, rowShape: [50, 3], codec: ChunkType.OKX_OB_F16, codecFlags: Flag.ZSTD });
    w.append(book);
    w.close();
    const bytes = new Uint8Array(await readFile(path));
    const registry = new CodecRegistry().register(
      makeNativeCodec("native-orderbook", [ChunkType.OKX_OB_F16, ChunkType.OKX_OB_F32, ChunkType.GENERIC_OB_F16, ChunkType.GENERIC_OB_F32], [Dtype.FLOAT16, Dtype.FLOAT32]),
    );
    const starts = slices(7);
    const out = new Uint8Array(SLICE * 300);
    const fileStore = await FileStore.open(path);
    const tsFile = await Reader.open(fileStore, { registry, hash: nativeHash128 });
    const syncStore = await FileStore.open(path, { reads: "sync" });
    const tsSync = await Reader.open(syncStore, { registry, hash: nativeHash128 });
    const tsMem = await Reader.open(MemoryStore.wrap(bytes), { registry, hash: nativeHash128 });
    const coreFile = new CoreReader(path);
    const coreMem = new CoreReader(bytes);
    // Same bytes from both paths before timing anything.
    await tsFile.readRows(starts[0]!, starts[0]! + SLICE, out);
    const check = new Uint8Array(out.length);
    coreFile.readRows(starts[0]!, starts[0]! + SLICE, check);
    if (!Buffer.from(out).equals(Buffer.from(check))) throw new Error("TS and core reads differ");
    const results: Result[] = [];
    // Interleave the pairs twice so machine noise hits both sides alike.
    for (let round = 0; round < 2; round++) {
      results.push(await time("core read_rows, file", starts, (s) => void coreFile.readRows(s, s + SLICE, out)));
      results.push(await time("TS Reader + native codec, FileStore", starts, async (s) => void (await tsFile.readRows(s, s + SLICE, out))));
      results.push(await time("TS Reader + native codec, FileStore reads: sync", starts, async (s) => void (await tsSync.readRows(s, s + SLICE, out))));
      results.push(await time("core read_rows, memory", starts, (s) => void coreMem.readRows(s, s + SLICE, out)));
      results.push(await time("TS Reader + native codec, MemoryStore", starts, async (s) => void (await tsMem.readRows(s, s + SLICE, out))));
    }
    const best = new Map<string, Result>();
    for (const r of results) {
      const b = best.get(r.name);
      if (!b || r.medianUs < b.medianUs) best.set(r.name, r);
    }
    const info = tsFile.info();
    const lines = [
      `${SOURCE}: float16 book ${ROWS} rows x (50,3), ${info.numChunks} chunks (OKX_OB_F16+ZSTD, adaptive 4 KiB), ` +
        `${(bytes.length / 1e6).toFixed(2)} MB on disk (ratio ${((ROWS * 300) / bytes.length).toFixed(2)}); ` +
        `${ITERS} random ${SLICE}-row slices; SIMD target ${simdTarget()}; node ${process.version}`,
      "",
      "| path | median µs / slice | mean µs / slice | decoded MB/s | TS / core (median) |",
      "|---|---:|---:|---:|---:|",
    ];
    const ratioFile = best.get("TS Reader + native codec, FileStore")!.medianUs / best.get("core read_rows, file")!.medianUs;
    const ratioMem = best.get("TS Reader + native codec, MemoryStore")!.medianUs / best.get("core read_rows, memory")!.medianUs;
    const ratioSync = best.get("TS Reader + native codec, FileStore reads: sync")!.medianUs / best.get("core read_rows, file")!.medianUs;
    for (const [name, r] of best) {
      const ratios: Record<string, number> = {
        "TS Reader + native codec, FileStore": ratioFile,
        "TS Reader + native codec, FileStore reads: sync": ratioSync,
        "TS Reader + native codec, MemoryStore": ratioMem,
      };
      const ratio = ratios[name]?.toFixed(2) ?? "";
      lines.push(`| ${name} | ${r.medianUs.toFixed(1)} | ${r.meanUs.toFixed(1)} | ${r.mbPerS.toFixed(0)} | ${ratio} |`);
    }
    console.log(lines.join("\n"));
    await writeFile(new URL("../bench-results.json", import.meta.url), JSON.stringify({ source: SOURCE, rows: ROWS, iters: ITERS, results: [...best.values()], ratioFile, ratioSync, ratioMem }, null, 2));
    coreFile.close();
    coreMem.close();
    await fileStore.close();
    await syncStore.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
