// Reading the messages of many inputs (bulk/messages.hpp).
#include "bulk/messages.hpp"

#include <algorithm>
#include <iostream>
#include <system_error>

namespace authlens::cli::bulk {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t chunk_bytes = 1 << 20;

input_message failed(const std::string& path, std::string code, std::string message) {
  input_message m;
  m.path = path;
  m.problem = error{std::move(code), std::move(message)};
  return m;
}

bool is_maildir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "cur", ec) && fs::is_directory(dir / "new", ec);
}

/// The entries of a directory, sorted by name (a stable order whatever the file system gives).
std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
       it.increment(ec))
    out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

message_stream::message_stream(std::vector<std::string> paths, const source_options& opt) : opt_(opt) {
  for (auto& p : paths) pending_.push_back(std::move(p));
}

void message_stream::push_directory(const fs::path& dir) {
  // A Maildir's messages are in cur/ and new/ (tmp/ holds deliveries in progress).
  std::vector<fs::path> entries;
  if (is_maildir(dir)) {
    for (const char* sub : {"cur", "new"})
      for (auto& e : sorted_entries(dir / sub)) entries.push_back(std::move(e));
  } else {
    entries = sorted_entries(dir);
  }
  // Depth first, in name order: the entries go to the front of the queue, in order.
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) pending_.push_front(it->string());
}

std::optional<input_message> message_stream::from_open_mbox() {
  while (true) {
    if (auto m = mbox_->take()) {
      input_message out;
      out.path = mbox_path_;
      out.index = m->index;
      out.in_mbox = true;
      out.bytes = std::move(m->bytes);
      out.problem = std::move(m->problem);
      return out;
    }
    if (mbox_done_) {
      mbox_.reset();
      mbox_in_.reset();
      return std::nullopt;
    }
    std::string chunk(chunk_bytes, '\0');
    mbox_in_->read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    chunk.resize(static_cast<std::size_t>(mbox_in_->gcount()));
    if (!chunk.empty()) mbox_->feed(chunk);
    if (!*mbox_in_) {
      const bool failed_read = mbox_in_->bad();
      mbox_->finish();
      mbox_done_ = true;
      if (failed_read) {
        // Messages already cut are kept; the read error gets its own line.
        auto m = failed(mbox_path_, "input.unreadable", "reading " + mbox_path_ + " failed part-way");
        m.in_mbox = true;
        m.index = mbox_->messages_started();
        while (auto done = mbox_->take()) {
          (void)done;  // the error line replaces what could not be read completely
        }
        mbox_.reset();
        mbox_in_.reset();
        return m;
      }
    }
  }
}

std::optional<input_message> message_stream::from_path(const std::string& path) {
  const bool is_stdin = path == "-";
  std::unique_ptr<std::istream> in;
  if (is_stdin) {
    in = std::make_unique<std::istream>(std::cin.rdbuf());
  } else {
    std::error_code ec;
    auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) return failed(path, "input.not_found", path + ": no such file or directory");
    if (fs::is_directory(st)) {
      push_directory(path);
      return std::nullopt;  // the caller goes on with the entries
    }
    if (!fs::is_regular_file(st)) return std::nullopt;  // sockets, FIFOs found while walking: not messages
    auto f = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*f) return failed(path, "input.unreadable", path + ": cannot be opened");
    in = std::move(f);
  }
  // Peek at the start: an mbox begins with a "From " separator line.
  std::string head(5, '\0');
  in->read(head.data(), 5);
  head.resize(static_cast<std::size_t>(in->gcount()));
  const bool mbox = is_stdin ? opt_.stdin_is_mbox : mailbox::looks_like_mbox(head + "x");
  if (mbox) {
    mbox_path_ = path;
    mbox_ = std::make_unique<mailbox::mbox_reader>(opt_.mbox);
    mbox_->feed(head);
    mbox_in_ = std::move(in);
    mbox_done_ = false;
    return from_open_mbox();
  }
  input_message m;
  m.path = path;
  m.bytes = std::move(head);
  std::string chunk(chunk_bytes, '\0');
  while (*in) {
    in->read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    m.bytes.append(chunk.data(), static_cast<std::size_t>(in->gcount()));
    if (m.bytes.size() > opt_.max_message_bytes)
      return failed(path, "mailbox.message_too_large",
                    path + " is larger than " + std::to_string(opt_.max_message_bytes) + " bytes; it was skipped");
  }
  if (in->bad()) return failed(path, "input.unreadable", "reading " + path + " failed");
  return m;
}

std::optional<input_message> message_stream::next() {
  while (true) {
    if (mbox_) {
      if (auto m = from_open_mbox()) return m;
      continue;
    }
    if (pending_.empty()) return std::nullopt;
    std::string path = std::move(pending_.front());
    pending_.pop_front();
    if (auto m = from_path(path)) return m;
  }
}

std::optional<std::size_t> message_stream::count_files(const std::vector<std::string>& paths) {
  std::size_t n = 0;
  std::deque<fs::path> todo(paths.begin(), paths.end());
  while (!todo.empty()) {
    fs::path p = todo.front();
    todo.pop_front();
    if (p == "-") return std::nullopt;
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      if (is_maildir(p)) {
        for (const char* sub : {"cur", "new"})
          for (auto& e : sorted_entries(p / sub)) todo.push_back(e);
      } else {
        for (auto& e : sorted_entries(p)) todo.push_back(e);
      }
      continue;
    }
    if (!fs::is_regular_file(p, ec)) continue;
    std::ifstream f(p, std::ios::binary);
    char head[6] = {};
    f.read(head, 6);
    if (mailbox::looks_like_mbox(std::string_view(head, static_cast<std::size_t>(f.gcount())))) return std::nullopt;
    ++n;
  }
  return n;
}

}  // namespace authlens::cli::bulk
