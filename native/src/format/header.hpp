// header.hpp — the file header of FORMAT §2: MAGIC, VERSION, METADATA and USER_META, up to the fixed
// position of index block 0.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "format/metadata.hpp"
#include "store/store.hpp"

namespace cdd {

inline constexpr std::array<std::byte, 8> kMagic = {std::byte{0x89}, std::byte{'C'},  std::byte{'D'},  std::byte{'D'},
                                                    std::byte{0x0D}, std::byte{0x0A}, std::byte{0x1A}, std::byte{0x0A}};
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr size_t kMaxMetadataBytes = 1u << 24;    // decompressed METADATA limit (16 MiB)
inline constexpr size_t kMaxUserMetaBytes = 1u << 30;    // decompressed USER_META limit (1 GiB)

struct Header {
  Metadata meta;
  std::vector<std::byte> user_meta;  // empty when absent
  uint64_t index0_offset = 0;        // = end of the header = 20 + Lm + Lu
};

// The header bytes of a new file (metadata validated first).
Result<std::vector<std::byte>> serialize_header(const Metadata& meta, std::span<const std::byte> user_meta);
// Reads and checks the header: magic (error names the bytes found), version, both blobs, metadata.
Result<Header> read_header(const Store& store);

}  // namespace cdd
