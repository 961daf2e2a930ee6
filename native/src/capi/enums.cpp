// enums.cpp — sizes and names of the format's dtypes and codecs (cdd.h, "Enumerations of the format").
#include "cdd/cdd.h"
#include "core/dtype.hpp"

extern "C" {

CDD_API size_t cdd_dtype_size(int dtype) { return dtype < 0 ? 0 : cdd::dtype_bytes(static_cast<uint32_t>(dtype)); }

CDD_API const char* cdd_dtype_name(int dtype) {
  switch (dtype) {
    case CDD_DTYPE_FLOAT16: return "float16";
    case CDD_DTYPE_BFLOAT16: return "bfloat16";
    case CDD_DTYPE_FLOAT32: return "float32";
    case CDD_DTYPE_FLOAT64: return "float64";
    case CDD_DTYPE_INT8: return "int8";
    case CDD_DTYPE_INT16: return "int16";
    case CDD_DTYPE_INT32: return "int32";
    case CDD_DTYPE_INT64: return "int64";
    case CDD_DTYPE_UINT8: return "uint8";
    case CDD_DTYPE_UINT16: return "uint16";
    case CDD_DTYPE_UINT32: return "uint32";
    case CDD_DTYPE_UINT64: return "uint64";
    default: return nullptr;
  }
}

CDD_API const char* cdd_codec_name(int codec) {
  switch (codec) {
    case CDD_CODEC_RAW: return "RAW";
    case CDD_CODEC_ZSTD: return "ZSTD";
    case CDD_CODEC_LZ4: return "LZ4";
    case CDD_CODEC_SHUFFLE: return "SHUFFLE";
    case CDD_CODEC_DELTA: return "DELTA";
    case CDD_CODEC_OKX_OB_F16: return "OKX_OB_F16";
    case CDD_CODEC_OKX_OB_F32: return "OKX_OB_F32";
    case CDD_CODEC_GENERIC_OB_F16: return "GENERIC_OB_F16";
    case CDD_CODEC_GENERIC_OB_F32: return "GENERIC_OB_F32";
    default: return nullptr;
  }
}

}  // extern "C"
