// core.ts — the C++ core's own Reader and Writer (for byte-compatibility tests and the side-by-side
// benchmark), file verification, the realistic order-book generator, SIMD target and the flock lock.
import { CddError, Status, type CddTypedArray, type Dtype, typedView } from "@cdd/format";
import { type RawCoreReader, type RawCoreWriter, binding, call } from "./binding.js";

export interface CoreArrayInfo {
  dtype: Dtype;
  rowShape: number[];
  rowBytes: number;
  numRows: number;
  numChunks: number;
  numIndexBlocks: number;
  codec: number;
  codecLevel: number;
  codecFlags: bigint;
  chunkTargetBytes: number;
  chunkRows: number;
  indexCapacity: number;
  formatVersion: number;
  fileBytes: number;
  writer: string;
}

/** The core's reader (cdd_reader) over a file path or a copy of bytes. */
export class CoreReader {
  private readonly raw: RawCoreReader;
  private readonly meta: CoreArrayInfo;

  constructor(source: string | Uint8Array, opts: { verifyChunks?: boolean; threads?: number } = {}) {
    const b = binding();
    this.raw = call(() => new b.CoreReader(source, opts));
    this.meta = call(() => this.raw.info()) as unknown as CoreArrayInfo;
  }
  info(): CoreArrayInfo {
    return call(() => this.raw.info()) as unknown as CoreArrayInfo;
  }
  get numRows(): number {
    return call(() => this.raw.numRows());
  }
  get numChunks(): number {
    return call(() => this.raw.numChunks());
  }
  /** Rows [start, end) decoded by the core (into `out` if given). */
  readRows(start: number, end: number, out?: Uint8Array): CddTypedArray {
    const need = (end - start) * this.meta.rowBytes;
    if (end < start) throw new CddError(Status.OUT_OF_RANGE, `rows [${start}, ${end})`);
    const target = out ?? new Uint8Array(need);
    call(() => this.raw.readRows(start, end, target));
    return typedView(this.meta.dtype, target.subarray(0, need));
  }
  readChunk(chunk: number, rows: number, out?: Uint8Array): CddTypedArray {
    const target = out ?? new Uint8Array(rows * this.meta.rowBytes);
    call(() => this.raw.readChunk(chunk, target));
    return typedView(this.meta.dtype, target);
  }
  refresh(): void {
    call(() => this.raw.refresh());
  }
  close(): void {
    this.raw.close();
  }
}

export interface CoreWriterOptions {
  dtype: Dtype;
  rowShape: readonly number[];
  codec?: number;
  level?: number;
  /** LZ4/ZSTD/DOWN_CAST flags (the core adds LITTLE_ENDIAN). */
  codecFlags?: bigint;
  chunkTargetBytes?: number;
  chunkRows?: number;
  indexCapacity?: number;
  userMeta?: Uint8Array;
}

/** The core's writer (cdd_writer) to a file: create with options, or open to append without. */
export class CoreWriter {
  private readonly raw: RawCoreWriter;
  private readonly rowBytes: number | undefined;

  private constructor(raw: RawCoreWriter, rowBytes: number | undefined) {
    this.raw = raw;
    this.rowBytes = rowBytes;
  }
  static create(path: string, opts: CoreWriterOptions): CoreWriter {
    const b = binding();
    const elem = [0, 2, 2, 4, 8, 1, 2, 4, 8, 1, 2, 4, 8][opts.dtype] ?? 0;
    return new CoreWriter(call(() => new b.CoreWriter(path, { ...opts, rowShape: [...opts.rowShape] })), elem * opts.rowShape.reduce((a, c) => a * c, 1));
  }
  static openAppend(path: string, rowBytes: number): CoreWriter {
    const b = binding();
    return new CoreWriter(call(() => new b.CoreWriter(path)), rowBytes);
  }
  append(data: ArrayBufferView): void {
    const rb = this.rowBytes ?? 1;
    if (data.byteLength % rb !== 0) throw new CddError(Status.INVALID_ARGUMENT, `append of ${data.byteLength} bytes is not whole ${rb}-byte rows`);
    call(() => this.raw.append(data, data.byteLength / rb));
  }
  flush(): void {
    call(() => this.raw.flush());
  }
  get rowsCommitted(): number {
    return call(() => this.raw.rowsCommitted());
  }
  close(): void {
    call(() => this.raw.close());
  }
}

/** cdd_verify_file: throws CddError naming the first damaged structure. */
export function verifyFile(path: string): void {
  call(() => binding().verifyFile(path));
}

/**
 * The generator's market regimes (docs/ARCHITECTURE.md, "Generator regimes"). "legacy" is the original
 * stream (the default of these functions, kept for the golden vectors); "normal" and "busy" are calibrated
 * on realistic books.
 */
export type GenRegime = "legacy" | "calm" | "normal" | "busy" | "trending" | "gappy" | "stress";
export const GEN_REGIMES: readonly GenRegime[] = ["calm", "normal", "busy", "trending", "gappy", "stress"];

/** Realistic OKX-style snapshots, float32 (rows, 50, 3), deterministic for a seed and regime. */
export function generateOrderbookF32(seed: number, rows: number, regime?: GenRegime): Float32Array {
  return call(() => binding().generate(0, seed, rows, regime)) as Float32Array;
}
/** The normalized float16 book the ML pipeline stores, (rows, 50, 3) as binary16 bits. */
export function generateOrderbookF16(seed: number, rows: number, regime?: GenRegime): Uint16Array {
  return call(() => binding().generate(1, seed, rows, regime)) as Uint16Array;
}
/** Millisecond int64 timestamps matching the snapshots. */
export function generateTimestampsMs(seed: number, rows: number): BigInt64Array {
  return call(() => binding().generate(2, seed, rows)) as BigInt64Array;
}

/** The Highway target the core's kernels dispatch to ("AVX2", ...). */
export function simdTarget(): string {
  return binding().simdTarget();
}
/** Caps the SIMD targets ("SSE4", ...; "" removes the cap). */
export function setSimdTarget(name: string): void {
  call(() => binding().setSimdTarget(name));
}
export function coreVersion(): { library: string; abi: number; format: number } {
  return binding().version();
}

/**
 * The core's writer lock (flock LOCK_EX|LOCK_NB on the file), as a @cdd/store-file FileLocker: a TS writer
 * using it and a C writer exclude each other.
 */
export const nativeFileLocker = {
  kind: "flock",
  async lock(path: string, fd: number): Promise<void> {
    if (!call(() => binding().flock(fd))) throw new CddError(Status.LOCKED, `${path}: another writer holds the file lock`);
  },
  async unlock(_path: string, fd: number): Promise<void> {
    binding().funlock(fd);
  },
};
