// orderbook_codec.hpp — the order-book chunk codecs OKX_OB_F16/F32 (shape (rows, 50, 3) fixed at compile
// time) and GENERIC_OB_F16/F32 (shape (rows, D, F) at run time); payload layout in spec/CODECS.md.
#pragma once

#include "codec/codec.hpp"

namespace cdd::ob {

// The four codec instances (static lifetime), for registration and tests.
const Codec& okx_ob_f16_codec();
const Codec& okx_ob_f32_codec();
const Codec& generic_ob_f16_codec();
const Codec& generic_ob_f32_codec();

// Bytes of the payload header that precedes the stage (filter, reserved, filtered size).
inline constexpr size_t kPayloadHeaderBytes = 8;

}  // namespace cdd::ob
