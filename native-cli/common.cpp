#include "common.hpp"

#include <sys/random.h>

#include <cstdlib>
#include <ctime>

#include "args.hpp"

namespace authlens::cli {

std::set<std::string> with_dns(std::set<std::string> extra) {
  extra.insert(dns_value_options.begin(), dns_value_options.end());
  return extra;
}

bool os_random(std::span<std::uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool parse_time(const std::optional<std::string>& value, std::int64_t& out) {
  if (!value) {
    out = static_cast<std::int64_t>(std::time(nullptr));  // the CLI is the edge: it may read the clock
    return true;
  }
  char* end = nullptr;
  long long x = std::strtoll(value->c_str(), &end, 10);
  if (value->empty() || *end) return false;
  out = x;
  return true;
}

}  // namespace authlens::cli
