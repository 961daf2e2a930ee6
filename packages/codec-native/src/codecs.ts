// codecs.ts — ChunkCodec implementations backed by the core's codecs: ZSTD, LZ4, SHUFFLE and DELTA here
// (order-book types in @cdd/codec-okx through makeNativeCodec), with batch decode of many chunks in one
// native call, in parallel (sync, or a Promise resolved off the main thread); the core's codec presets.
import {
  CddError,
  ChunkType,
  type ChunkCodec,
  type ChunkDesc,
  CodecRegistry,
  type DecodeJob,
  type Dtype,
  Flag,
  type Hash128Fn,
  Status,
  zstdEncodeRaw,
} from "@cdd/format";
import { type NativeCodecPreset, binding, call, toCddError } from "./binding.js";

const ALL_DTYPES: readonly Dtype[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

let decodeThreads = 0;
/** Threads of a batch decode: 0 = the core's default (TBB), 1 = the calling thread only. */
export function setDecodeThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 0) throw new RangeError(`threads ${threads}`);
  decodeThreads = threads;
}

function packJobs(jobs: readonly DecodeJob[]) {
  const n = jobs.length;
  const types = new Uint16Array(n);
  const flags = new BigUint64Array(n);
  const rows = new Float64Array(n);
  const outs: Uint8Array[] = new Array<Uint8Array>(n);
  const payloads: Uint8Array[] = new Array<Uint8Array>(n);
  for (let i = 0; i < n; i++) {
    const j = jobs[i]!;
    types[i] = j.desc.type;
    flags[i] = j.desc.flags;
    rows[i] = j.desc.rows;
    outs[i] = j.out;
    payloads[i] = j.payload;
  }
  return { types, flags, rows, outs, payloads };
}

function jobWhere(jobs: readonly DecodeJob[]) {
  return (e: { cddJob?: number }) => (e.cddJob !== undefined ? (jobs[e.cddJob]?.where ?? `batch job ${e.cddJob}`) : undefined);
}

/** A ChunkCodec over the core's registered codecs for `types`. */
export function makeNativeCodec(name: string, types: readonly number[], dtypes: readonly Dtype[] = ALL_DTYPES): ChunkCodec {
  const b = binding();
  for (const t of types) {
    if (b.codecName(t) === undefined) throw new Error(`@cdd/codec-native: the core has no codec for chunk type ${t}`);
  }
  return {
    name,
    types,
    dtypes,
    check(type: number, dtype: Dtype, rowShape: readonly number[], flags: bigint): void {
      call(() => b.check(type, dtype, rowShape, flags));
    },
    encode(desc: ChunkDesc, input: Uint8Array, level: number): Uint8Array {
      return call(() => b.encode(desc.type, desc.dtype, desc.flags, desc.rows, desc.rowShape, level, input, desc.codecParams));
    },
    decode(desc: ChunkDesc, payload: Uint8Array, out: Uint8Array): void {
      call(() => b.decode(desc.type, desc.dtype, desc.flags, desc.rows, desc.rowShape, payload, out));
    },
    decodeBatch(jobs: readonly DecodeJob[]): void {
      if (jobs.length === 0) return;
      const p = packJobs(jobs);
      const d = jobs[0]!.desc;
      call(
        () => b.decodeBatch(d.dtype, d.rowShape, p.types, p.flags, p.rows, p.payloads, p.outs, decodeThreads),
        jobWhere(jobs),
      );
    },
    async decodeBatchAsync(jobs: readonly DecodeJob[]): Promise<void> {
      if (jobs.length === 0) return;
      const p = packJobs(jobs);
      const d = jobs[0]!.desc;
      try {
        await b.decodeBatchAsync(d.dtype, d.rowShape, p.types, p.flags, p.rows, p.payloads, p.outs, decodeThreads);
      } catch (e) {
        throw toCddError(e, jobWhere(jobs));
      }
    },
  };
}

/** ZSTD, LZ4, SHUFFLE and DELTA from the core. */
export function nativeGenericCodec(): ChunkCodec {
  return makeNativeCodec("native", [ChunkType.ZSTD, ChunkType.LZ4, ChunkType.SHUFFLE, ChunkType.DELTA]);
}

/** The writer settings chunk type `type` starts from in the core (cdd_writer_options_set_codec). */
export function nativeCodecPreset(type: number): NativeCodecPreset {
  const p = call(() => binding().codecPreset(type));
  if (p === undefined) throw new CddError(Status.UNSUPPORTED, `the core has no preset for chunk type ${type}`);
  return p;
}

/** BLAKE3-128 in the core (SIMD): a drop-in for @cdd/format's pure-JS hash (ReaderOptions.hash). */
export const nativeHash128: Hash128Fn = (parts) => call(() => binding().hash128(parts));

/**
 * Registers the generic native codecs into `registry` (a new one with RAW if none is given) and makes
 * the native BLAKE3 the registry's hash (Readers/Writers given no `hash` option use it).
 */
export function registerNativeCodecs(registry: CodecRegistry = new CodecRegistry()): CodecRegistry {
  registry.register(nativeGenericCodec());
  registry.hash ??= nativeHash128;
  return registry;
}

/** zstd frames (with content size) from the core, for WriterOptions.compressBlob. */
export function nativeZstdCompress(data: Uint8Array, level = 3): Uint8Array {
  if (data.length === 0) return zstdEncodeRaw(data);
  return call(() => binding().encode(ChunkType.ZSTD, 9, Flag.ZSTD | Flag.LITTLE_ENDIAN, data.length, [1], level, data));
}
