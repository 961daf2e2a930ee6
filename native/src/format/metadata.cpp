// metadata.cpp — encode/parse of the METADATA tag-length-value records (FORMAT §3).
#include "format/metadata.hpp"

#include "core/dtype.hpp"
#include "core/le.hpp"

namespace cdd {

size_t Metadata::elem_size() const { return dtype_bytes(dtype); }

uint64_t Metadata::row_elems() const {
  uint64_t n = 1;
  for (uint32_t d : row_shape) n *= d;
  return n;
}

uint64_t Metadata::row_bytes() const { return row_elems() * elem_size(); }

Status validate_metadata(const Metadata& m) {
  CDD_RETURN_ERROR_IF(dtype_bytes(m.dtype) == 0, CDD_E_UNSUPPORTED, "unknown dtype " + std::to_string(m.dtype));
  CDD_RETURN_ERROR_IF(m.row_shape.empty() || m.row_shape.size() > kMaxRowDims, CDD_E_FORMAT,
                      "row shape has " + std::to_string(m.row_shape.size()) + " dims; 1 to 7 allowed");
  uint64_t bytes = dtype_bytes(m.dtype);
  for (size_t i = 0; i < m.row_shape.size(); ++i) {
    CDD_RETURN_ERROR_IF(m.row_shape[i] == 0, CDD_E_FORMAT, "row shape dim " + std::to_string(i) + " is 0");
    bytes *= m.row_shape[i];  // each dim < 2^32 and at most 7 checks below keep this from overflowing
    CDD_RETURN_ERROR_IF(bytes > kMaxChunkDecodedBytes, CDD_E_FORMAT,
                        "one row is larger than the 2^31-byte chunk limit");
  }
  CDD_RETURN_ERROR_IF(m.index_capacity == 0 || m.index_capacity > kMaxIndexCapacity, CDD_E_FORMAT,
                      "index capacity " + std::to_string(m.index_capacity) + " outside 1..2^20");
  return ok();
}

namespace {

void put_record(std::vector<std::byte>& out, uint16_t tag, std::span<const std::byte> value) {
  le::put<uint16_t>(out, tag);
  le::put<uint32_t>(out, static_cast<uint32_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
}

template <class T>
void put_scalar(std::vector<std::byte>& out, uint16_t tag, T v) {
  std::byte buf[sizeof(T)];
  le::store<T>(buf, v);
  put_record(out, tag, buf);
}

std::string wrong_len(uint16_t tag, size_t len) {
  return "metadata record " + std::to_string(tag) + " has length " + std::to_string(len) + ", which is wrong for its tag";
}

}  // namespace

std::vector<std::byte> encode_metadata_records(const Metadata& m) {
  std::vector<std::byte> out;
  put_scalar<uint16_t>(out, meta_tag::kDtype, m.dtype);
  std::vector<std::byte> shape;
  for (uint32_t d : m.row_shape) le::put<uint32_t>(shape, d);
  put_record(out, meta_tag::kRowShape, shape);
  put_scalar<uint16_t>(out, meta_tag::kCodec, m.codec);
  put_scalar<uint32_t>(out, meta_tag::kCodecLevel, static_cast<uint32_t>(m.codec_level));
  put_scalar<uint64_t>(out, meta_tag::kCodecFlags, m.codec_flags);
  put_scalar<uint32_t>(out, meta_tag::kChunkTargetBytes, m.chunk_target_bytes);
  put_scalar<uint32_t>(out, meta_tag::kChunkRows, m.chunk_rows);
  put_scalar<uint32_t>(out, meta_tag::kIndexCapacity, m.index_capacity);
  if (!m.writer.empty()) {
    put_record(out, meta_tag::kWriter, std::as_bytes(std::span<const char>(m.writer.data(), m.writer.size())));
  }
  if (!m.codec_params.empty()) put_record(out, meta_tag::kCodecParams, m.codec_params);
  return out;
}

Result<Metadata> parse_metadata_records(std::span<const std::byte> rec) {
  Metadata m;
  uint32_t seen = 0;  // bit per known tag 1..10
  size_t pos = 0;
  int last_tag = -1;
  while (pos < rec.size()) {
    CDD_RETURN_ERROR_IF(rec.size() - pos < 6, CDD_E_FORMAT,
                        "metadata record header at byte " + std::to_string(pos) + " runs past the end");
    uint16_t tag = le::u16(rec.data() + pos);
    uint32_t len = le::u32(rec.data() + pos + 2);
    pos += 6;
    CDD_RETURN_ERROR_IF(len > rec.size() - pos, CDD_E_FORMAT,
                        "metadata record " + std::to_string(tag) + " runs past the end (" + std::to_string(len) + " bytes)");
    CDD_RETURN_ERROR_IF(static_cast<int>(tag) <= last_tag, CDD_E_FORMAT,
                        "metadata record " + std::to_string(tag) + " out of order or repeated");
    last_tag = tag;
    const std::byte* v = rec.data() + pos;
    pos += len;
    switch (tag) {
      case meta_tag::kDtype:
        CDD_RETURN_ERROR_IF(len != 2, CDD_E_FORMAT, wrong_len(tag, len));
        m.dtype = le::u16(v);
        break;
      case meta_tag::kRowShape:
        CDD_RETURN_ERROR_IF(len == 0 || len % 4 != 0 || len / 4 > kMaxRowDims, CDD_E_FORMAT, wrong_len(tag, len));
        for (uint32_t i = 0; i < len / 4; ++i) m.row_shape.push_back(le::u32(v + 4 * i));
        break;
      case meta_tag::kCodec:
        CDD_RETURN_ERROR_IF(len != 2, CDD_E_FORMAT, wrong_len(tag, len));
        m.codec = le::u16(v);
        break;
      case meta_tag::kCodecLevel:
        CDD_RETURN_ERROR_IF(len != 4, CDD_E_FORMAT, wrong_len(tag, len));
        m.codec_level = static_cast<int32_t>(le::u32(v));
        break;
      case meta_tag::kCodecFlags:
        CDD_RETURN_ERROR_IF(len != 8, CDD_E_FORMAT, wrong_len(tag, len));
        m.codec_flags = le::u64(v);
        break;
      case meta_tag::kChunkTargetBytes:
        CDD_RETURN_ERROR_IF(len != 4, CDD_E_FORMAT, wrong_len(tag, len));
        m.chunk_target_bytes = le::u32(v);
        break;
      case meta_tag::kChunkRows:
        CDD_RETURN_ERROR_IF(len != 4, CDD_E_FORMAT, wrong_len(tag, len));
        m.chunk_rows = le::u32(v);
        break;
      case meta_tag::kIndexCapacity:
        CDD_RETURN_ERROR_IF(len != 4, CDD_E_FORMAT, wrong_len(tag, len));
        m.index_capacity = le::u32(v);
        break;
      case meta_tag::kWriter:
        m.writer.assign(reinterpret_cast<const char*>(v), len);
        break;
      case meta_tag::kCodecParams:
        m.codec_params.assign(v, v + len);
        break;
      default:
        break;  // a later version's field: skipped
    }
    if (tag >= 1 && tag <= 10) seen |= 1u << tag;
  }
  for (uint16_t t = 1; t <= 8; ++t) {
    CDD_RETURN_ERROR_IF((seen & (1u << t)) == 0, CDD_E_FORMAT, "metadata lacks required record " + std::to_string(t));
  }
  CDD_FORWARD_IF_ERROR(validate_metadata(m));
  return m;
}

}  // namespace cdd
