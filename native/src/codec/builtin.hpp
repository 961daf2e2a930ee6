// builtin.hpp — the codecs built into libcdd: the generic ones (RAW, ZSTD, LZ4, SHUFFLE, DELTA, defined in
// codec/) and the hook through which codec/registry.cpp registers the order-book codecs (ob/register.cpp).
#pragma once

#include "codec/codec.hpp"

namespace cdd {

const Codec& raw_codec();
const Codec& zstd_codec();
const Codec& lz4_codec();
const Codec& shuffle_codec();
const Codec& delta_codec();

}  // namespace cdd

namespace cdd::ob {

// Registers the order-book codecs (chunk types 16–19); defined when the build has CDD_HAVE_OB.
void register_orderbook_codecs();

}  // namespace cdd::ob
