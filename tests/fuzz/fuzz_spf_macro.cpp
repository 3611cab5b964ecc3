// Fuzz target: SPF macro expansion (RFC 7208 §7). Input: one flag byte (bit 0: explanation
// context), then "macro-string \n sender \n ip-ish value".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "authlens/spf.hpp"

using namespace authlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 8192) return 0;
  bool exp = data[0] & 1;
  std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  auto nl = in.find('\n');
  std::string_view macro = in.substr(0, nl);
  std::string_view rest = nl == std::string_view::npos ? std::string_view{} : in.substr(nl + 1);
  auto nl2 = rest.find('\n');
  spf::macro_env env;
  env.sender = std::string(rest.substr(0, nl2));
  auto at = env.sender.rfind('@');
  env.local_part = at == std::string::npos ? "postmaster" : env.sender.substr(0, at);
  env.sender_domain = at == std::string::npos ? env.sender : env.sender.substr(at + 1);
  env.domain = env.sender_domain;
  env.ip = nl2 == std::string_view::npos ? "192.0.2.3" : std::string(rest.substr(nl2 + 1));
  env.client_ip = env.ip;
  env.ip_version = "in-addr";
  env.helo = "mail.example.com";
  env.now = 1234567890;
  bool valid = spf::valid_macro_string(macro, exp);
  auto r = spf::expand_macros(macro, env, exp);
  if (r.ok() && !valid) __builtin_trap();       // expansion accepts only what the syntax allows
  if (!r.ok() && r.err().code.empty()) __builtin_trap();
  if (r.ok() && r->size() > 8192 + 4096) __builtin_trap();
  // Non-explanation strings never contain spaces after expansion unless %_ put them there.
  return 0;
}
