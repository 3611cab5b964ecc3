// authlens/mailbox.hpp — cutting an mbox file into messages (RFC 4155, the "default" mbox format,
// and its mboxo / mboxrd quoting variants), for the many-message path (`authlens analyze` and
// `authlens inventory` over archives).
//
// Sans-I/O and streaming: the caller reads the file in chunks and feed()s them; take() hands out
// each message as soon as the next separator line proves it complete. Memory stays bounded by the
// largest message (options::max_message_bytes; a larger message is reported, not kept).
//
// A separator is a line that starts with "From " at the start of the file or right after an empty
// line (the mbox convention; a "From " line inside a paragraph is body text a careless writer did
// not quote). The empty line a writer puts before each separator is not part of the message.
// Quoting undone per variant: mboxrd removes one '>' from every line matching /^>+From /;
// mboxo removes the '>' of /^>From / only (its writers never quote twice).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "authlens/result.hpp"

namespace authlens::mailbox {

enum class quoting { mboxrd, mboxo };
std::string_view to_string(quoting q);  ///< "mboxrd", "mboxo"

struct mbox_options {
  quoting unquote = quoting::mboxrd;
  std::size_t max_message_bytes = std::size_t{64} << 20;  ///< larger messages are reported, not kept
};

/// One message of the mbox.
struct mbox_message {
  std::size_t index = 0;          ///< 0-based position in the file
  std::string separator;          ///< the separator line after "From " (envelope sender and date), no line end
  std::string bytes;              ///< the message with the quoting undone ("" when problem is set)
  std::optional<error> problem;   ///< "mailbox.message_too_large" (the message was skipped)
};

/// True when `head` (the first bytes of a file) starts like an mbox: a first line "From " +
/// something, which a message's own header never is ("From:" has a colon, not a space).
bool looks_like_mbox(std::string_view head);

/// The streaming splitter. Lines may end in LF or CRLF; they are kept as they are.
class mbox_reader {
 public:
  explicit mbox_reader(const mbox_options& opt = {}) : opt_(opt) {}

  /// Adds bytes read from the file. Text before the first separator (not an mbox, or garbage at the
  /// start) is counted in skipped_bytes() and not returned as a message.
  void feed(std::string_view chunk);
  /// The file has ended: the last message becomes available to take().
  void finish();
  /// The next complete message, in file order; nullopt when none is ready yet.
  [[nodiscard]] std::optional<mbox_message> take();

  std::size_t messages_started() const { return started_; }
  std::size_t skipped_bytes() const { return skipped_; }

 private:
  /// One complete line, line end included; `overlong`: only its first max_message_bytes are in `text`.
  void line(std::string_view text, bool overlong, std::size_t full_length);
  /// Adds to the current message, or marks it too large (and drops its bytes) past the bound.
  void append(std::string_view text, bool overlong);
  void close_message();

  mbox_options opt_;
  std::string partial_;               ///< the start of a line not yet ended (at most max_message_bytes)
  std::size_t line_len_ = 0;          ///< the whole length of that line so far
  bool in_message_ = false;
  bool previous_blank_ = true;        ///< the start of the file counts as after an empty line
  bool pending_blank_ = false;        ///< an empty line held back: it may be the separator's
  std::string pending_blank_text_;
  mbox_message current_;
  bool too_large_ = false;
  std::size_t started_ = 0;
  std::size_t skipped_ = 0;
  std::deque<mbox_message> ready_;
};

}  // namespace authlens::mailbox
