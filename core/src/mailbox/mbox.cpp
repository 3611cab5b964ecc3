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
  // A line longer than any message we keep is kept only up to that bound (its start is all that
  // matters: a separator's text, or proof that its message is too large), so memory stays bounded
  // and every way of cutting the file into chunks gives the same messages.
  const std::size_t cap = opt_.max_message_bytes;
  while (!chunk.empty()) {
    const auto nl = chunk.find('\n');
    const std::string_view piece = nl == std::string_view::npos ? chunk : chunk.substr(0, nl + 1);
    chunk.remove_prefix(piece.size());
    if (nl != std::string_view::npos && line_len_ == 0 && piece.size() <= cap) {
      line(piece, false, piece.size());  // the common case: a whole line in this chunk, no copy
      continue;
    }
    line_len_ += piece.size();
    if (partial_.size() < cap) partial_.append(piece.substr(0, cap - partial_.size()));
    if (nl == std::string_view::npos) return;
    std::string whole = std::move(partial_);
    partial_.clear();
    const std::size_t len = line_len_;
    line_len_ = 0;
    line(whole, len > cap, len);
  }
}

void mbox_reader::line(std::string_view text, bool overlong, std::size_t full_length) {
  const bool separator = previous_blank_ && starts_with(text, "From ");
  if (separator) {
    pending_blank_ = false;  // the empty line before a separator belongs to neither message
    if (in_message_) close_message();
    in_message_ = true;
    too_large_ = false;
    current_ = mbox_message{};
    current_.index = started_++;
    current_.separator = std::string(without_line_end(text).substr(5));
    previous_blank_ = false;
    return;
  }
  const bool blank = !overlong && is_blank(text);
  previous_blank_ = blank;
  if (!in_message_) {
    skipped_ += full_length;
    return;
  }
  // Hold an empty line back until the next line shows whether it precedes a separator.
  if (pending_blank_) {
    pending_blank_ = false;
    append(pending_blank_text_, false);
  }
  if (blank) {
    pending_blank_ = true;
    pending_blank_text_.assign(text);
    return;
  }
  text.remove_prefix(quote_to_remove(text, opt_.unquote));
  append(text, overlong);
}

void mbox_reader::append(std::string_view text, bool overlong) {
  if (too_large_) return;
  if (overlong || current_.bytes.size() + text.size() > opt_.max_message_bytes) {
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
  if (line_len_ > 0) {  // a last line without a line end
    std::string last = std::move(partial_);
    partial_.clear();
    const std::size_t len = line_len_;
    line_len_ = 0;
    line(last, len > opt_.max_message_bytes, len);
  }
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
