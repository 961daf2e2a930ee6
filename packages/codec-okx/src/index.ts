// index.ts — @cdd/codec-okx: registers the order-book chunk types (spec/CODECS.md) OKX_OB_F16/F32 for
// (N,50,3) books and GENERIC_OB_F16/F32 for (N,D,F) books, decoded by the C++ core through @cdd/codec-native.
import { ChunkType, type ChunkCodec, CodecRegistry, Dtype, Flag, type WriterOptions } from "@cdd/format";
import {
  makeNativeCodec,
  type NativeCodecPreset,
  nativeCodecPreset,
  nativeHash128,
  registerNativeCodecs,
} from "@cdd/codec-native";

export const ORDERBOOK_CHUNK_TYPES = [
  ChunkType.OKX_OB_F16,
  ChunkType.OKX_OB_F32,
  ChunkType.GENERIC_OB_F16,
  ChunkType.GENERIC_OB_F32,
] as const;

/** The order-book codec (types 16-19; float16 or float32 decoded values). */
export function orderbookCodec(): ChunkCodec {
  return makeNativeCodec("native-orderbook", ORDERBOOK_CHUNK_TYPES, [Dtype.FLOAT16, Dtype.FLOAT32]);
}

/** Registers the order-book codecs into `registry` (a new one with RAW if none is given); native BLAKE3 too. */
export function registerOrderbookCodecs(registry: CodecRegistry = new CodecRegistry()): CodecRegistry {
  registry.register(orderbookCodec());
  registry.hash ??= nativeHash128;
  return registry;
}

/** A registry with RAW, the generic native codecs and the order-book codecs. */
export function createOrderbookRegistry(): CodecRegistry {
  return registerOrderbookCodecs(registerNativeCodecs(new CodecRegistry()));
}

export type BookPrecision = "f16" | "f32" | "f32-as-f16";

/**
 * The settings a float16 book starts from: the core's preset for OKX_OB_F16 (cdd_writer_options_set_codec:
 * bitmap-planar filter, LZ4 level 9 = LZ4HC, ~16 KiB chunks).
 */
export function f16BookPreset(): NativeCodecPreset {
  f16Preset ??= nativeCodecPreset(ChunkType.OKX_OB_F16);
  return f16Preset;
}
let f16Preset: NativeCodecPreset | undefined; // asked of the core on first use, not at import

/** The settings a float32 book starts from: the core's preset for OKX_OB_F32 (bitmap filter, LZ4HC 9, ~16 KiB). */
export function f32BookPreset(): NativeCodecPreset {
  f32Preset ??= nativeCodecPreset(ChunkType.OKX_OB_F32);
  return f32Preset;
}
let f32Preset: NativeCodecPreset | undefined;

function bookStage(
  precision: BookPrecision,
  stage: "zstd" | "lz4" | "none" | undefined,
): Pick<WriterOptions, "codecFlags" | "level" | "chunkTargetBytes" | "codecParams"> {
  const down = precision === "f32-as-f16" ? Flag.DOWN_CAST_16 : 0n;
  if (stage === undefined) {
    const p = precision === "f32" ? f32BookPreset() : f16BookPreset();
    return { codecFlags: p.codecFlags | down, level: p.level, chunkTargetBytes: p.chunkTargetBytes, codecParams: p.codecParams.slice() };
  }
  const s = stage ?? "zstd";
  const stageFlag = s === "zstd" ? Flag.ZSTD : s === "lz4" ? Flag.LZ4 : 0n;
  return { codecFlags: stageFlag | down, level: s === "zstd" ? 3 : s === "lz4" ? 1 : 0 };
}

/**
 * Writer options for an OKX book: "f16" stores float16 values losslessly, "f32" float32 losslessly,
 * "f32-as-f16" takes float32 and stores it narrowed to float16 (DOWN_CAST_16, lossy by design). Without
 * `stage`, the codec's preset (f16BookPreset() for the float16 forms, f32BookPreset() for "f32"); with it, that
 * stage at its default level (zstd 3, LZ4 1) and the codec's own filter.
 */
export function okxWriterOptions(
  precision: BookPrecision,
  registry: CodecRegistry,
  stage?: "zstd" | "lz4" | "none",
): WriterOptions {
  return {
    dtype: precision === "f16" ? Dtype.FLOAT16 : Dtype.FLOAT32,
    rowShape: [50, 3],
    codec: precision === "f32" ? ChunkType.OKX_OB_F32 : ChunkType.OKX_OB_F16,
    ...bookStage(precision, stage),
    registry,
  };
}

/** Writer options for a generic (N, D, F) book (presets as okxWriterOptions). */
export function genericBookWriterOptions(
  depth: number,
  fields: number,
  precision: BookPrecision,
  registry: CodecRegistry,
  stage?: "zstd" | "lz4" | "none",
): WriterOptions {
  return {
    dtype: precision === "f16" ? Dtype.FLOAT16 : Dtype.FLOAT32,
    rowShape: [depth, fields],
    codec: precision === "f32" ? ChunkType.GENERIC_OB_F32 : ChunkType.GENERIC_OB_F16,
    ...bookStage(precision, stage),
    registry,
  };
}
