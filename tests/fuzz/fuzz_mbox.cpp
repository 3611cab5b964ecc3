// libFuzzer target: cutting an mbox into messages (authlens/mailbox.hpp). The first byte chooses
// the chunk size and the quoting; the rest is the file. Checks: indexes count up from 0, no message
// passes the size bound, and feeding in chunks gives the same messages as feeding the whole file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/mailbox.hpp"

namespace {

using namespace authlens::mailbox;

std::vector<mbox_message> split(std::string_view text, const mbox_options& opt, std::size_t step) {
  mbox_reader r(opt);
  std::vector<mbox_message> out;
  for (std::size_t i = 0; i < text.size(); i += step) {
    r.feed(text.substr(i, step));
    while (auto m = r.take()) out.push_back(std::move(*m));
  }
  r.finish();
  while (auto m = r.take()) out.push_back(std::move(*m));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  mbox_options opt;
  opt.unquote = (data[0] & 0x80) ? quoting::mboxo : quoting::mboxrd;
  opt.max_message_bytes = 256;
  const std::size_t step = (data[0] & 0x3f) + 1;
  auto whole = split(text, opt, text.size() + 1);
  auto chunked = split(text, opt, step);
  if (whole.size() != chunked.size()) __builtin_trap();
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (whole[i].index != i || chunked[i].index != i) __builtin_trap();
    if (whole[i].bytes.size() > opt.max_message_bytes) __builtin_trap();
    if (whole[i].bytes != chunked[i].bytes || whole[i].problem.has_value() != chunked[i].problem.has_value())
      __builtin_trap();
  }
  return 0;
}
