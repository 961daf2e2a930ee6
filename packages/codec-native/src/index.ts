// index.ts — @cdd/codec-native: the core's codecs for @cdd/format (ZSTD, LZ4, SHUFFLE, DELTA, batch decode),
// native BLAKE3 and zstd, the core's own reader/writer, the generator, the SIMD target and the flock lock.
export { isAvailable, type NativeCodecPreset } from "./binding.js";
export {
  makeNativeCodec,
  nativeCodecPreset,
  nativeGenericCodec,
  nativeHash128,
  nativeZstdCompress,
  registerNativeCodecs,
  setDecodeThreads,
} from "./codecs.js";
export {
  CoreReader,
  CoreWriter,
  type CoreArrayInfo,
  type CoreWriterOptions,
  coreVersion,
  GEN_REGIMES,
  type GenRegime,
  generateOrderbookF16,
  generateOrderbookF32,
  generateTimestampsMs,
  nativeFileLocker,
  setSimdTarget,
  simdTarget,
  verifyFile,
} from "./core.js";
