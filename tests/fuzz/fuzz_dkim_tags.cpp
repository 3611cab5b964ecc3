// Fuzz target: DKIM-Signature tag-list and signature parsing (RFC 6376 §3.2, §3.5), then a full
// verification of a message carrying the field against an offline cache (keys absent → pending).
#include <cstddef>
#include <cstdint>
#include <string>

#include "authlens/dkim.hpp"
#include "authlens/dns.hpp"

using namespace authlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto tl = dkim::parse_tag_list(in);
  for (const auto& t : tl.tags)
    if (t.value_begin > t.value_end || t.value_end > in.size()) __builtin_trap();
  auto p = dkim::parse_signature(in, 1700000000);
  if (p.sig && (p.sig->b_value_end > in.size() || p.sig->b_value_begin > p.sig->b_value_end)) __builtin_trap();

  std::string msg = "DKIM-Signature:" + std::string(in) + "\r\nFrom: a@example.com\r\n\r\nbody\r\n";
  static dns::cache c = [] {
    dns::cache k;
    dns::answer a;
    a.q = dns::make_question("s._domainkey.example.com", dns::rr_type::txt);
    a.txt = {{"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="}};
    k.add(a);
    return k;
  }();
  dns::lookup_context ctx(c);
  auto r = dkim::verify(ctx, dkim::view_of_raw(msg), 1700000000);
  (void)r.overall();
  return 0;
}
