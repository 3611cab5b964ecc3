// The messages of `authlens analyze PATH...` and `authlens inventory PATH...`, one at a time, in
// input order: a message file, an mbox (detected by its first line, or forced with --mbox), a
// Maildir (cur/ and new/), any directory (every regular file below it, in name order), or "-"
// (standard input: one message, or an mbox with --mbox).
//
// Memory: one message at a time, plus the listing of the directory being walked; an mbox is read in
// chunks through authlens::mailbox::mbox_reader, so an archive of any size streams.
#pragma once

#include <cstddef>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "authlens/mailbox.hpp"
#include "authlens/result.hpp"

namespace authlens::cli::bulk {

/// One message to analyse, or why it could not be read.
struct input_message {
  std::string path;   ///< the file it came from ("-" for standard input)
  std::size_t index = 0;  ///< the message's position inside an mbox (0 for a one-message file)
  bool in_mbox = false;
  std::string bytes;
  std::optional<error> problem;  ///< "input.unreadable", "input.not_found", "mailbox.message_too_large"
};

struct source_options {
  bool stdin_is_mbox = false;  ///< --mbox: "-" is an mbox
  mailbox::mbox_options mbox;
  std::size_t max_message_bytes = std::size_t{64} << 20;  ///< a larger file is reported, not read
};

class message_stream {
 public:
  message_stream(std::vector<std::string> paths, const source_options& opt);
  /// The next message in input order; nullopt at the end.
  std::optional<input_message> next();
  /// How many messages there will be when every input is a plain message file (no mbox, no stdin);
  /// nullopt otherwise. Walks the directories once (for the progress line).
  static std::optional<std::size_t> count_files(const std::vector<std::string>& paths);

 private:
  std::optional<input_message> from_path(const std::string& path);
  std::optional<input_message> from_open_mbox();
  void push_directory(const std::filesystem::path& dir);

  source_options opt_;
  std::deque<std::string> pending_;  ///< inputs not started yet (paths as given, then directory entries)
  // The mbox being read.
  std::unique_ptr<std::istream> mbox_in_;
  std::string mbox_path_;
  std::unique_ptr<mailbox::mbox_reader> mbox_;
  bool mbox_done_ = false;
};

}  // namespace authlens::cli::bulk
