// index.ts — public API of @cdd/format: the v1 layout (constants, header, metadata, index blocks, chunk
// frames), hashing, the ByteStore and CodecRegistry interfaces, and the Reader and Writer.
export * from "./constants.js";
export * from "./errors.js";
export { type Hash128Fn, blake3_128 } from "./hash.js";
export { lz4CompressBlock, lz4DecompressBlock } from "./lz4.js";
export { zstdDecode, zstdEncodeRaw, zstdFrameContentSize } from "./zstd.js";
export { type ArrayMeta, decodeMetaRecords, encodeMetaRecords, validateMeta } from "./metadata.js";
export { type BlobCompressor, type FileHeader, parseHeaderPrefix, readHeader, serializeHeader } from "./header.js";
export {
  COMMIT_SEGMENT_SLOTS,
  type CommitRecord,
  type IndexBlock,
  commitHash,
  commitRecordBytes,
  segmentDigest,
  parseIndexBlock,
  serializeLz4IndexBlock,
  serializeRawIndexBlock,
} from "./index-block.js";
export {
  type FrameHeader,
  buildFrame,
  checkChunkFlags,
  checkFrame,
  frameDigest,
  parseFrameHeader,
  verifyFrame,
} from "./chunk-frame.js";
export { type ChunkCodec, type ChunkDesc, type DecodeJob, CodecRegistry, rawCodec } from "./codec.js";
export type { ByteStore } from "./store.js";
export { type CddTypedArray, asBytes, typedView } from "./typed-array.js";
export { ChunkIndex } from "./chain.js";
export type { ArrayInfo, ChunkHeaderInfo, ChunkInfo } from "./reader-types.js";
export { Reader, type ReaderOptions } from "./reader.js";
export { Writer, type WriterCommonOptions, type WriterOptions } from "./writer.js";
export { inspect, type InspectReport } from "./inspect.js";
export { PACKAGE_VERSION } from "./version.js";
