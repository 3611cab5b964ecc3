// Replay main for the fuzz targets: runs LLVMFuzzerTestOneInput over every file in the folders
// (or files) given, so seeds and past crashes (tests/data/fuzz-regressions/<target>/) are
// regression tests in the ordinary build, and the targets keep compiling without clang.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {
int replay_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return 1;
}
}  // namespace

int main(int argc, char** argv) {
  int count = 0;
  // Always run a few fixed inputs, so a target with no seeds still executes.
  const std::string fixed[] = {"", "\n", "\r\n\r\n", std::string(1000, 'a'), std::string("\0\xff\x80", 3)};
  for (const std::string& s : fixed) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    ++count;
  }
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec))
        if (e.is_regular_file()) count += replay_file(e.path());
    } else if (std::filesystem::is_regular_file(p, ec)) {
      count += replay_file(p);
    }
  }
  std::printf("replayed %d inputs\n", count);
  return 0;
}
