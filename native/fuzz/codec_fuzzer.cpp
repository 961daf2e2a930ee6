// codec_fuzzer.cpp — every registered codec (the chunk-type registry: RAW, ZSTD, LZ4, SHUFFLE, DELTA and
// the order-book codecs 16–19 with each of their filters) driven straight, without a frame. The first
// bytes choose the codec, dtype, flags, row shape, rows and (for encoding) codec_params; then either
// the rest is a payload to decode (whole and as a row range: a typed error or rows, never a fault), or
// the rest is rows to encode and decode again, which must give the same bytes back unless the flags
// narrow the values (DOWN_CAST_*).
#include <algorithm>
#include <cstring>
#include <vector>

#include "fuzz/fuzz_input.hpp"
#include "codec/codec.hpp"
#include "core/dtype.hpp"
#include "format/chunk_frame.hpp"

namespace {

const std::vector<const cdd::Codec*>& registered() {
  static const std::vector<const cdd::Codec*> all = [] {
    std::vector<const cdd::Codec*> v;
    for (uint32_t t = 1; t < 65536; ++t) {
      if (const cdd::Codec* c = cdd::find_codec(static_cast<uint16_t>(t))) v.push_back(c);
    }
    return v;
  }();
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& codecs = registered();
  if (codecs.empty()) return 0;
  cdd::fuzz::Input in(data, size);
  const cdd::Codec* codec = codecs[in.take<uint8_t>() % codecs.size()];
  const uint8_t mode = in.take<uint8_t>();
  const uint16_t dtype = static_cast<uint16_t>(1 + in.take<uint8_t>() % 12);
  const uint8_t fl = in.take<uint8_t>();
  uint64_t flags = CDD_FLAG_LITTLE_ENDIAN;
  if ((fl & 3) == 1) flags |= CDD_FLAG_LZ4;
  if ((fl & 3) == 2) flags |= CDD_FLAG_ZSTD;
  if (const int k = (fl >> 2) % 6) flags |= uint64_t{CDD_FLAG_DOWN_CAST_8} << (k - 1);  // may be invalid: the checks say
  const uint8_t nd = static_cast<uint8_t>(1 + in.take<uint8_t>() % 3);
  std::vector<uint32_t> shape(nd);
  for (auto& d : shape) d = 1 + in.take<uint8_t>() % 64;
  if (mode & 2) shape = {50, 3};  // the OKX book shape, which the OB codecs need most
  const uint64_t rows = 1 + in.take<uint16_t>() % 512;
  const int level = static_cast<int8_t>(in.take<uint8_t>());
  std::vector<std::byte> params;
  if (mode & 4) {
    const size_t np = in.take<uint8_t>() % 16;
    for (size_t i = 0; i < np; ++i) params.push_back(static_cast<std::byte>(in.take<uint8_t>()));
  }
  if (!cdd::check_chunk_flags(flags, codec->type(), "fuzz") || !codec->check(dtype, shape, flags)) return 0;
  cdd::ChunkDesc desc;
  desc.dtype = dtype;
  desc.flags = flags;
  desc.rows = rows;
  desc.row_shape = shape;
  desc.elem_size = cdd::dtype_bytes(dtype);
  desc.row_elems = 1;
  for (uint32_t d : shape) desc.row_elems *= d;
  const size_t row_bytes = desc.row_elems * desc.elem_size;
  if (desc.decoded_bytes() > cdd::fuzz::kMaxCodecChunkBytes) return 0;
  auto rest = in.rest();
  std::vector<std::byte> out(desc.decoded_bytes());
  if (!(mode & 1)) {  // decode the rest as a payload
    (void)codec->decode(desc, rest, out);
    const uint64_t first = rows > 1 ? rest.size() % rows : 0;
    (void)codec->decode_range(desc, rest, std::span(out).first((rows - first) * row_bytes), first, rows);
    // A range ending before the last row (the bitmap filters on LZ4 then decompress only a prefix).
    const uint64_t end = first + 1 + (rest.size() / 7) % (rows - first);
    (void)codec->decode_range(desc, rest, std::span(out).first((end - first) * row_bytes), first, end);
    return 0;
  }
  // Encode the rest as rows (repeated to fill the chunk), decode, compare.
  if (rest.empty()) return 0;
  if (codec->check_params(params)) desc.codec_params = params;
  std::vector<std::byte> rowsin(desc.decoded_bytes());
  for (size_t i = 0; i < rowsin.size(); ++i) rowsin[i] = rest[i % rest.size()];
  std::vector<std::byte> payload;
  if (!codec->encode(desc, rowsin, level, payload)) return 0;
  if (!codec->decode(desc, payload, out)) __builtin_trap();  // what the codec wrote, it must read
  const bool narrowing = (flags & (CDD_FLAG_DOWN_CAST_8 | CDD_FLAG_DOWN_CAST_16 | CDD_FLAG_DOWN_CAST_32 | CDD_FLAG_DOWN_CAST_64)) != 0;
  if (!narrowing && out != rowsin) __builtin_trap();
  if (rows > 1) {
    const uint64_t first = rest.size() % rows, end = first + 1 + (rest.size() / 7) % (rows - first);
    std::vector<std::byte> part((end - first) * row_bytes);
    if (!codec->decode_range(desc, payload, part, first, end)) __builtin_trap();
    if (!std::equal(part.begin(), part.end(), out.begin() + static_cast<ptrdiff_t>(first * row_bytes))) __builtin_trap();
  }
  return 0;
}
