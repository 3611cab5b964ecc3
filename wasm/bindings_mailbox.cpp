// wasm/bindings_mailbox.cpp — cutting an mbox into messages for the page's collection mode
// (authlens/mailbox.hpp, the same splitter as `authlens analyze FILE.mbox`). Messages are bytes
// (8-bit charsets, binary parts), so they cross the boundary as one buffer, not as JSON:
//
//   u32 count, then per message: u32 index, u32 status (0 = bytes follow, 1 = too large: skipped),
//   u32 length, length bytes.                                     (little-endian, as wasm memory is)
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "authlens/mailbox.hpp"

namespace {

void put_u32(std::string& out, std::uint32_t v) {
  char b[4];
  std::memcpy(b, &v, 4);
  out.append(b, 4);
}

}  // namespace

extern "C" {

/// Splits an mbox (mboxrd quoting undone). Returns null when `data` does not start like an mbox
/// (the caller then takes it as one message); else a buffer in the layout above, its size in
/// *out_len, which the caller frees with authlens_free.
std::uint8_t* authlens_mbox_split(const char* data, std::size_t len, std::size_t* out_len) {
  const std::string_view bytes(data == nullptr ? "" : data, data == nullptr ? 0 : len);
  if (!authlens::mailbox::looks_like_mbox(bytes.substr(0, 1024))) return nullptr;
  authlens::mailbox::mbox_reader reader;
  reader.feed(bytes);
  reader.finish();
  std::string out(4, '\0');
  std::uint32_t count = 0;
  while (auto m = reader.take()) {
    ++count;
    put_u32(out, static_cast<std::uint32_t>(m->index));
    put_u32(out, m->problem ? 1u : 0u);
    put_u32(out, static_cast<std::uint32_t>(m->bytes.size()));
    out += m->bytes;
  }
  std::memcpy(out.data(), &count, 4);
  auto* buf = static_cast<std::uint8_t*>(std::malloc(out.size()));
  if (buf == nullptr) return nullptr;
  std::memcpy(buf, out.data(), out.size());
  *out_len = out.size();
  return buf;
}

}  // extern "C"
