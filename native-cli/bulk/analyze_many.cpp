// The many-message analysis (bulk/analyze_many.hpp).
#include "bulk/analyze_many.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "authlens/analysis.hpp"
#include "authlens/report.hpp"
#include "bulk/messages.hpp"
#include "bulk/progress.hpp"
#include "bulk/runner.hpp"
#include "bulk/shared_dns.hpp"
#include "dns_source.hpp"
#include "json_out.hpp"

namespace authlens::cli::bulk {

namespace {

std::string source_json(const input_message& m) {
  nlohmann::json s = {{"path", m.path}, {"index", m.index}};
  return json_text(s, -1);
}

/// The report with "source" in front (the report's own text is kept as the core wrote it).
std::string with_source(const std::string& report, const input_message& m) {
  if (report.size() < 2 || report.front() != '{') return report;
  const bool empty_object = report.find_first_not_of(" \n\r\t", 1) == report.size() - 1;
  return "{\"source\":" + source_json(m) + (empty_object ? "" : ",") + report.substr(1);
}

std::string error_line(const input_message& m, const error& e) {
  nlohmann::json j = {{"schema", "authlens/report/v1"},
                      {"source", {{"path", m.path}, {"index", m.index}}},
                      {"error", {{"code", e.code}, {"message", e.message}}}};
  return json_text(j, -1);
}

int default_jobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

}  // namespace

bool is_many(const args& a) {
  if (a.has("--jsonl") || a.has("--mbox") || a.positional().size() > 1) return true;
  if (a.positional().empty()) return false;
  const std::string& p = a.positional()[0];
  if (p == "-") return false;
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec)) return true;
  std::ifstream f(p, std::ios::binary);
  char head[6] = {};
  f.read(head, 6);
  return mailbox::looks_like_mbox(std::string_view(head, static_cast<std::size_t>(f.gcount())));
}

int analyze_many(const args& a) {
  return analyse_inputs(a, "analyze", [](const analysed_line& l) { std::cout << l.json << '\n'; });
}

int analyse_inputs(const args& a, const char* command, const std::function<void(const analysed_line&)>& on_line,
                   bool want_facts) {
  const std::string who = std::string("authlens ") + command + ": ";
  int jobs = default_jobs();
  if (auto j = a.get("--jobs")) {
    char* end = nullptr;
    long v = std::strtol(j->c_str(), &end, 10);
    if (end == j->c_str() || *end || v < 1 || v > 256) {
      std::cerr << who << "--jobs wants a number from 1 to 256\n";
      return exit_usage;
    }
    jobs = static_cast<int>(v);
  }
  const auto started = std::chrono::steady_clock::now();
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));  // the CLI owns the clock
  if (auto n = a.get("--now")) {
    char* end = nullptr;
    now = std::strtoll(n->c_str(), &end, 10);
    if (end == n->c_str() || *end) {
      std::cerr << who << "--now takes a Unix time\n";
      return exit_usage;
    }
  }
  envelope env{a.get("--ip").value_or(""), a.get("--helo").value_or(""), a.get("--mail-from")};
  analysis_options opt;
  opt.offline = a.has("--offline");

  // One DNS source per worker (connections are not shared between threads), one cache for all.
  std::vector<dns_source> sources;
  if (!opt.offline) {
    for (int i = 0; i < jobs; ++i) {
      auto s = make_dns_source(a);
      if (!s) {
        std::cerr << who << "" << s.err().message << "\n";
        return exit_usage;
      }
      sources.push_back(std::move(s.value()));
    }
  }
  const bool offline_source = a.has("--zone") || a.has("--snapshot");
  shared_dns cache(
      [started, now] {
        return now + std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count();
      },
      !offline_source);

  std::vector<std::string> paths = a.positional();
  if (paths.empty()) paths.push_back("-");
  source_options so;
  so.stdin_is_mbox = a.has("--mbox");
  progress meter(isatty(STDERR_FILENO) == 1, isatty(STDERR_FILENO) == 1 ? message_stream::count_files(paths) : std::nullopt);
  message_stream stream(paths, so);

  install_stop_handler();
  bool any_unreadable = false, any_not_passed = false;
  std::function<analysed_line(input_message&&, int)> work = [&](input_message&& m, int worker) {
    analysed_line r;
    if (m.problem) {
      r.unreadable = true;
      r.json = error_line(m, *m.problem);
      return r;
    }
    auto an = analysis::create(m.bytes, env, now, opt);
    if (!an) {
      r.unreadable = true;
      r.json = error_line(m, an.err());
      return r;
    }
    if (!opt.offline) {
      const auto& src = sources[static_cast<std::size_t>(worker)];
      dns::drive(*an, [&](std::span<const dns::question> qs) { return cache.resolve(qs, src.resolve); });
    }
    r.verdict = an->verdict_exit_code();
    r.json = with_source(report::to_json(*an, false), m);
    if (want_facts)
      if (auto f = inventory::facts_from_report(r.json)) r.facts = std::move(f.value());
    return r;
  };
  std::function<void(analysed_line&&)> emit = [&](analysed_line&& r) {
    on_line(r);
    any_unreadable = any_unreadable || r.unreadable;
    any_not_passed = any_not_passed || (!r.unreadable && r.verdict != 0);
    meter.done_one();
  };
  std::size_t n = run_ordered(stream, jobs, work, emit);
  std::cout.flush();
  meter.finish();
  if (a.has("--stats")) {
    // What the shared cache saved: questions sent to DNS against those answered from the cache.
    nlohmann::json st = {{"messages", n}, {"jobs", jobs}, {"dns_asked", cache.asked()}, {"dns_from_cache", cache.served()}};
    std::cerr << json_text(st, -1) << "\n";
  }
  if (!opt.offline && !sources.empty())
    if (auto w = sources[0].finish(cache.snapshot()); !w) std::cerr << who << "" << w.err().message << "\n";
  if (stop_requested().load()) {
    std::cerr << who << "interrupted after " << n << " messages\n";
    return 130;
  }
  if (any_unreadable) return exit_usage;
  return any_not_passed ? exit_fail : exit_pass;
}

}  // namespace authlens::cli::bulk
