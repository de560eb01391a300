// Conversions between the C ABI's {ptr, len} strings and C++ string views, and the check that
// a table the other side built is large enough to hold a member (append-only structs).
#ifndef BULWARK_SDK_BW_STR_HPP
#define BULWARK_SDK_BW_STR_HPP

#include <bulwark/plugin.h>

#include <cstddef>
#include <string_view>

namespace bulwark::sdk {

inline bw_str toBw(std::string_view s) {
  return bw_str{s.data(), s.size()};
}
inline std::string_view fromBw(bw_str s) {
  return s.ptr == nullptr ? std::string_view{} : std::string_view{s.ptr, s.len};
}

}  // namespace bulwark::sdk

// True when `table` (a pointer to bw_host_api or bw_plugin_api) was built with `member`, i.e.
// its struct_size reaches past it, and the member is set.
#define BULWARK_TABLE_HAS(table, member)                                                     \
  ((table)->struct_size >=                                                                   \
       offsetof(std::remove_pointer_t<decltype(table)>, member) + sizeof((table)->member) && \
   (table)->member != nullptr)

#endif  // BULWARK_SDK_BW_STR_HPP
