// typed-array.ts — the JS view of each dtype (float16/bfloat16 as their raw uint16 bits, int64/uint64 as
// BigInt arrays) and conversion between byte buffers and typed arrays without copying.
import { Dtype, dtypeSize } from "./constants.js";
import { CddError, Status } from "./errors.js";

export type CddTypedArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

const HOST_LE = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** A typed-array view of `bytes` for `dtype` (bytes must be aligned to the element size). */
export function typedView(dtype: Dtype, bytes: Uint8Array): CddTypedArray {
  if (!HOST_LE) throw new CddError(Status.UNSUPPORTED, "big-endian hosts are not supported");
  const { buffer, byteOffset, byteLength } = bytes;
  const n = byteLength / dtypeSize(dtype);
  switch (dtype) {
    case Dtype.FLOAT16:
    case Dtype.BFLOAT16:
    case Dtype.UINT16:
      return new Uint16Array(buffer, byteOffset, n);
    case Dtype.FLOAT32:
      return new Float32Array(buffer, byteOffset, n);
    case Dtype.FLOAT64:
      return new Float64Array(buffer, byteOffset, n);
    case Dtype.INT8:
      return new Int8Array(buffer, byteOffset, n);
    case Dtype.INT16:
      return new Int16Array(buffer, byteOffset, n);
    case Dtype.INT32:
      return new Int32Array(buffer, byteOffset, n);
    case Dtype.INT64:
      return new BigInt64Array(buffer, byteOffset, n);
    case Dtype.UINT8:
      return new Uint8Array(buffer, byteOffset, n);
    case Dtype.UINT32:
      return new Uint32Array(buffer, byteOffset, n);
    case Dtype.UINT64:
      return new BigUint64Array(buffer, byteOffset, n);
  }
}

/** The bytes of any ArrayBufferView, without copying. */
export function asBytes(data: ArrayBufferView): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
