// register.cpp — registers the order-book codecs (chunk types 16–19) with the codec registry; called by
// codec/registry.cpp when the build defines CDD_HAVE_OB (ob/module.cmake).
#include "codec/builtin.hpp"
#include "ob/orderbook_codec.hpp"

namespace cdd::ob {

void register_orderbook_codecs() {
  // Built-in (type, name) pairs never conflict, and registering one twice is harmless.
  for (const Codec* c : {&okx_ob_f16_codec(), &okx_ob_f32_codec(), &generic_ob_f16_codec(), &generic_ob_f32_codec()})
    (void)register_codec(c);
}

}  // namespace cdd::ob
