// Helpers shared by the crypto tests: hex, a deterministic test-only random source, data files.
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "authlens/crypto.hpp"

namespace authlens::test {

inline std::vector<std::uint8_t> unhex(const std::string& h) {
  std::vector<std::uint8_t> out;
  auto v = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(std::uint8_t(v(h[i]) << 4 | v(h[i + 1])));
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// Deterministic "random" bytes (SHA-256 in counter mode) — for tests only.
inline crypto::random_fn test_rng(std::uint32_t seed = 1) {
  auto counter = std::make_shared<std::uint64_t>(std::uint64_t(seed) << 32);
  return [counter](std::span<std::uint8_t> out) {
    std::size_t i = 0;
    while (i < out.size()) {
      auto block = crypto::sha256(std::string_view(reinterpret_cast<const char*>(counter.get()), 8));
      ++*counter;
      for (std::size_t j = 0; j < block.size() && i < out.size(); ++j) out[i++] = block[j];
    }
    return true;
  };
}

}  // namespace authlens::test
