// The stop flag of many-message runs (bulk/runner.hpp).
#include "bulk/runner.hpp"

#include <csignal>

namespace authlens::cli::bulk {

std::atomic<bool>& stop_requested() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {
extern "C" void on_sigint(int) {
  stop_requested().store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}
}  // namespace

void install_stop_handler() { std::signal(SIGINT, on_sigint); }

}  // namespace authlens::cli::bulk
