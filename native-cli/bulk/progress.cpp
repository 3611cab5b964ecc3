// The progress line (bulk/progress.hpp): "1234/5000 messages · 850/s · 5 s left".
#include "bulk/progress.hpp"

#include <cstdio>

namespace authlens::cli::bulk {

progress::progress(bool shown, std::optional<std::size_t> total)
    : shown_(shown), total_(total), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void progress::done_one() {
  ++done_;
  if (!shown_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  draw();
}

void progress::draw() {
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = secs > 0 ? static_cast<double>(done_) / secs : 0;
  if (total_) {
    const double left = rate > 0 && *total_ > done_ ? static_cast<double>(*total_ - done_) / rate : 0;
    std::fprintf(stderr, "\r\033[K%zu/%zu messages · %.0f/s · %.0f s left", done_, *total_, rate, left);
  } else {
    std::fprintf(stderr, "\r\033[K%zu messages · %.0f/s", done_, rate);
  }
  std::fflush(stderr);
}

void progress::finish() {
  if (!shown_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
}

}  // namespace authlens::cli::bulk
