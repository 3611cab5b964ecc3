// Many messages through N workers, results handed back in input order (bulk/runner.hpp).
//
// The reader hands a message to a worker only while fewer than `window` results wait for an
// earlier, slower one, so memory stays bounded: jobs × largest message in the workers, plus at
// most `window` finished results waiting to be written. Ctrl-C (stop()) stops handing out messages;
// the ones started are finished and written, in order.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "bulk/messages.hpp"

namespace authlens::cli::bulk {

/// Set by the SIGINT handler of a many-message command.
std::atomic<bool>& stop_requested();
/// Installs a SIGINT handler that sets stop_requested() (a second Ctrl-C kills as usual).
void install_stop_handler();

/// Runs `work(message, worker_index)` on `jobs` threads over every message of `stream` and calls
/// `emit(result)` on the calling thread, in input order, as soon as each result's turn comes.
template <class Result>
std::size_t run_ordered(message_stream& stream, int jobs, const std::function<Result(input_message&&, int)>& work,
                        const std::function<void(Result&&)>& emit) {
  const std::size_t window = static_cast<std::size_t>(jobs) * 4;
  std::mutex mu;
  std::condition_variable changed;
  std::map<std::size_t, Result> finished;
  std::size_t handed_out = 0, written = 0;
  bool input_done = false;

  auto worker = [&](int index) {
    while (true) {
      std::optional<input_message> m;
      std::size_t seq = 0;
      {
        std::unique_lock<std::mutex> lock(mu);
        changed.wait(lock, [&] { return input_done || handed_out < written + window; });
        if (input_done) return;
        if (stop_requested().load()) {
          input_done = true;
          changed.notify_all();
          return;
        }
        m = stream.next();  // read under the lock: one reader at a time, in order
        if (!m) {
          input_done = true;
          changed.notify_all();
          return;
        }
        seq = handed_out++;
      }
      Result r = work(std::move(*m), index);
      {
        std::lock_guard<std::mutex> lock(mu);
        finished.emplace(seq, std::move(r));
      }
      changed.notify_all();
    }
  };

  std::vector<std::thread> threads;
  for (int i = 0; i < jobs; ++i) threads.emplace_back(worker, i);
  while (true) {
    std::unique_lock<std::mutex> lock(mu);
    changed.wait(lock, [&] { return finished.count(written) > 0 || (input_done && written == handed_out); });
    if (finished.count(written) == 0) break;  // everything handed out is written
    Result r = std::move(finished.at(written));
    finished.erase(written);
    ++written;
    lock.unlock();
    changed.notify_all();
    emit(std::move(r));
  }
  for (auto& t : threads) t.join();
  return written;
}

}  // namespace authlens::cli::bulk
