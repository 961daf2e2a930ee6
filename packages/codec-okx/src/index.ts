// index.ts — @cdd/codec-okx: registers the order-book chunk types (spec/CODECS.md) OKX_OB_F16/F32 for
// (N,50,3) books and GENERIC_OB_F16/F32 for (N,D,F) books, decoded by the C++ core through @cdd/codec-native.
import { ChunkType, type ChunkCodec, CodecRegistry, Dtype, Flag, type WriterOptions } from "@cdd/format";
import { makeNativeCodec, nativeHash128, registerNativeCodecs } from "@cdd/codec-native";

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
 * Writer options for an OKX book: "f16" stores float16 values losslessly, "f32" float32 losslessly,
 * "f32-as-f16" takes float32 and stores it narrowed to float16 (DOWN_CAST_16, lossy by design).
 */
export function okxWriterOptions(
  precision: BookPrecision,
  registry: CodecRegistry,
  stage: "zstd" | "lz4" | "none" = "zstd",
): WriterOptions {
  const stageFlag = stage === "zstd" ? Flag.ZSTD : stage === "lz4" ? Flag.LZ4 : 0n;
  return {
    dtype: precision === "f16" ? Dtype.FLOAT16 : Dtype.FLOAT32,
    rowShape: [50, 3],
    codec: precision === "f32" ? ChunkType.OKX_OB_F32 : ChunkType.OKX_OB_F16,
    codecFlags: precision === "f32-as-f16" ? stageFlag | Flag.DOWN_CAST_16 : stageFlag,
    registry,
  };
}

/** Writer options for a generic (N, D, F) book. */
export function genericBookWriterOptions(
  depth: number,
  fields: number,
  precision: BookPrecision,
  registry: CodecRegistry,
): WriterOptions {
  return {
    dtype: precision === "f16" ? Dtype.FLOAT16 : Dtype.FLOAT32,
    rowShape: [depth, fields],
    codec: precision === "f32" ? ChunkType.GENERIC_OB_F32 : ChunkType.GENERIC_OB_F16,
    codecFlags: precision === "f32-as-f16" ? Flag.ZSTD | Flag.DOWN_CAST_16 : Flag.ZSTD,
    registry,
  };
}
