// Fuzz target: the record wizard's handling of text people type (authlens/records.hpp).
// The first byte picks the function (first byte % 4; the letters are the seeds'):
//   0 'd'  check_dmarc_record over the rest (a DMARC record pasted into the wizard)
//   1 'e'  build_dmarc: line 1 the domain, line 2 p, then one rua/ruf URI per line ("!" prefix: ruf)
//   2 'f'  valid_domain, domain::normalize_domain_input and selector_advice over the rest
//   3 'g'  TXT output: split_strings and make_record over the rest
// Invariants: check_dmarc_record returns false exactly when it added an error note; a built DMARC
// record parses with the DMARC area's parser; the two domain-name checks agree; character-strings
// concatenate to the value and are at most 255 bytes; the BIND line make_record writes reads back
// through the zone reader (RFC 1035 §5.1) to the same character-strings.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "authlens/dmarc.hpp"
#include "authlens/dns.hpp"
#include "authlens/domain.hpp"
#include "authlens/records.hpp"
#include "authlens/strings.hpp"

using namespace authlens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 8192) return 0;
  const int mode = data[0] % 4;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (mode) {
    case 0: {
      std::vector<records::note> notes;
      bool ok = records::check_dmarc_record("example.com", rest, notes);
      if (ok == records::has_error(notes)) __builtin_trap();
      for (const auto& n : notes)
        if (n.code.empty() || n.severity.empty()) __builtin_trap();
      break;
    }
    case 1: {
      auto lines = str::split(rest, '\n');
      records::dmarc_options o;
      if (lines.size() > 0) o.domain = std::string(lines[0]);
      if (lines.size() > 1) o.p = std::string(lines[1]);
      for (std::size_t i = 2; i < lines.size() && i < 12; ++i) {
        if (!lines[i].empty() && lines[i][0] == '!') o.ruf.emplace_back(lines[i].substr(1));
        else o.rua.emplace_back(lines[i]);
      }
      auto b = records::build_dmarc(o);
      if (!b) {
        if (b.err().code.empty()) __builtin_trap();
        break;
      }
      if (!dmarc::parse_record(b->record)) __builtin_trap();
      if (b->publish.empty() || b->publish[0].value != b->record) __builtin_trap();
      for (const auto& n : b->notes)
        if (n.code.empty() || n.severity.empty()) __builtin_trap();
      break;
    }
    case 2: {
      bool v = records::valid_domain(rest);
      (void)records::valid_domain(rest, true);
      std::string n = domain::normalize_domain_input(rest);
      // Same rules (LDH and '_', 1..63-octet labels, at most 253 octets, two labels or more),
      // except that the domain check trims white space and the wizard does not.
      if (str::trim(rest) == rest && v != !n.empty()) __builtin_trap();
      if (!n.empty() && (!records::valid_domain(n) || domain::normalize_domain_input(n) != n)) __builtin_trap();
      for (const auto& note : records::selector_advice(rest))
        if (note.code.empty() || note.severity.empty()) __builtin_trap();
      break;
    }
    case 3: {
      for (std::size_t max : {std::size_t{1}, std::size_t{7}, std::size_t{255}}) {
        for (bool spaces : {true, false}) {
          auto parts = records::split_strings(rest, max, spaces);
          std::string joined;
          for (const auto& p : parts) {
            if (p.size() > max || (p.empty() && parts.size() > 1)) __builtin_trap();
            joined += p;
          }
          if (joined != rest) __builtin_trap();
        }
      }
      auto r = records::make_record("fuzz.example.com", "TXT", rest, 300, "fuzz");
      dns::zone_source z;
      auto defects = z.add_zone_text(r.bind, "example.com");
      if (!defects.empty()) __builtin_trap();
      dns::answer a = z.resolve(dns::make_question("fuzz.example.com", dns::rr_type::txt));
      if (a.st != dns::status::noerror || a.txt.size() != 1 || a.txt[0] != r.strings) __builtin_trap();
      break;
    }
  }
  return 0;
}
