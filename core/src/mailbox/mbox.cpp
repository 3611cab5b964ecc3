// Cutting an mbox into messages (authlens/mailbox.hpp).
#include "authlens/mailbox.hpp"

namespace authlens::mailbox {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool is_blank(std::string_view line) { return line == "\n" || line == "\r\n"; }

/// Length of the quoting to remove from a line: 1 when it is a quoted "From " line, else 0.
std::size_t quote_to_remove(std::string_view line, quoting q) {
  if (line.empty() || line[0] != '>') return 0;
  if (q == quoting::mboxo) return starts_with(line, ">From ") ? 1 : 0;
  std::size_t i = 0;
  while (i < line.size() && line[i] == '>') ++i;
  return starts_with(line.substr(i), "From ") ? 1 : 0;
}

std::string_view without_line_end(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::string_view to_string(quoting q) { return q == quoting::mboxo ? "mboxo" : "mboxrd"; }

bool looks_like_mbox(std::string_view head) { return starts_with(head, "From ") && head.size() > 5; }

void mbox_reader::feed(std::string_view chunk) {
  while (!chunk.empty()) {
    auto nl = chunk.find('\n');
    if (nl == std::string_view::npos) {
      // A line longer than any message we keep cannot be a separator worth finding; dropping its
      // middle keeps memory bounded (the message it belongs to is reported too large).
      if (partial_.size() + chunk.size() > opt_.max_message_bytes) {
        partial_overflow_ = true;
        too_large_ = too_large_ || in_message_;
        partial_.clear();
      } else {
        partial_.append(chunk);
      }
      return;
    }
    std::string_view piece = chunk.substr(0, nl + 1);
    chunk.remove_prefix(nl + 1);
    if (partial_.empty() && !partial_overflow_) {
      line(piece);
    } else {
      partial_.append(piece);
      if (partial_overflow_) {
        // The line's start is gone: it is body text of an oversized message, not a separator.
        if (in_message_) too_large_ = true;
        else skipped_ += partial_.size();
        previous_blank_ = false;
        partial_overflow_ = false;
        partial_.clear();
        continue;
      }
      std::string whole = std::move(partial_);
      partial_.clear();
      line(whole);
    }
  }
}

void mbox_reader::line(std::string_view text) {
  const bool separator = previous_blank_ && starts_with(text, "From ");
  if (separator) {
    pending_blank_ = false;  // the empty line before a separator belongs to neither message
    if (in_message_) close_message();
    in_message_ = true;
    too_large_ = false;
    current_ = mbox_message{};
    current_.index = started_++;
    current_.separator = std::string(without_line_end(text.substr(5)));
    previous_blank_ = false;
    return;
  }
  const bool blank = is_blank(text);
  previous_blank_ = blank;
  if (!in_message_) {
    skipped_ += text.size();
    return;
  }
  // Hold an empty line back until the next line shows whether it precedes a separator.
  if (pending_blank_) {
    pending_blank_ = false;
    if (!too_large_) current_.bytes += pending_blank_text_;
  }
  if (blank) {
    pending_blank_ = true;
    pending_blank_text_.assign(text);
    return;
  }
  if (too_large_) return;
  text.remove_prefix(quote_to_remove(text, opt_.unquote));
  if (current_.bytes.size() + text.size() > opt_.max_message_bytes) {
    too_large_ = true;
    current_.bytes.clear();
    current_.bytes.shrink_to_fit();
    return;
  }
  current_.bytes.append(text);
}

void mbox_reader::close_message() {
  if (too_large_) {
    current_.bytes.clear();
    current_.problem = error{"mailbox.message_too_large",
                             "message " + std::to_string(current_.index + 1) + " of the mbox is larger than " +
                                 std::to_string(opt_.max_message_bytes) + " bytes; it was skipped"};
  }
  ready_.push_back(std::move(current_));
  current_ = mbox_message{};
  in_message_ = false;
  too_large_ = false;
}

void mbox_reader::finish() {
  if (!partial_.empty() && !partial_overflow_) {
    std::string last = std::move(partial_);
    partial_.clear();
    line(last);
  }
  partial_.clear();
  if (partial_overflow_ && in_message_) too_large_ = true;
  partial_overflow_ = false;
  // A final empty line is the writer's separator padding, not message content.
  pending_blank_ = false;
  if (in_message_) close_message();
}

std::optional<mbox_message> mbox_reader::take() {
  if (ready_.empty()) return std::nullopt;
  mbox_message m = std::move(ready_.front());
  ready_.pop_front();
  return m;
}

}  // namespace authlens::mailbox
