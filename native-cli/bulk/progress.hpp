// The progress line of many-message commands: on standard error, only when it is a terminal.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

namespace authlens::cli::bulk {

class progress {
 public:
  /// `shown`: stderr is a terminal. `total`: the number of messages when known beforehand.
  progress(bool shown, std::optional<std::size_t> total);
  void done_one();  ///< one more message written; redraws at most five times a second
  void finish();    ///< clears the line

 private:
  void draw();
  bool shown_;
  std::optional<std::size_t> total_;
  std::size_t done_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace authlens::cli::bulk
