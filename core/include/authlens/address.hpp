// authlens/address.hpp — address lists of RFC 5322 §3.4 (mailbox, name-addr, angle-addr, group,
// addr-spec), read leniently with the obsolete forms of §4.4 (routes, comments as the only display name,
// phrases with dots, missing domains). Display names are decoded from RFC 2047 encoded words to UTF-8.
// RFC 5321 §4.1.2 Return-Path (`<>`, the null reverse-path) is accepted as an empty address.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "authlens/result.hpp"

namespace authlens::mime {

/// One mailbox of an address list.
struct mailbox {
  std::string display_name;  ///< UTF-8: the phrase (quotes removed, encoded words decoded), else a comment
  std::string address;       ///< local@domain as written (local part quotes kept); empty for `<>`
  std::string local;         ///< local part as written
  std::string domain;        ///< domain as written (case kept; a domain literal keeps its brackets)
  std::string group;         ///< UTF-8 name of the group it was listed in, or empty
  bool angle = false;        ///< the address stood in <…>
};

/// The mailboxes of one or more address fields, and what was wrong with them.
struct address_list {
  std::vector<mailbox> mailboxes;
  std::vector<std::string> groups;  ///< every group name, even empty groups ("undisclosed-recipients")
  std::vector<defect> defects;      ///< codes under "mime.address.*"
};

/// Parses an unfolded address-list / mailbox-list value. Never fails. Defect codes:
///   mime.address.no_domain     a mailbox without "@domain"
///   mime.address.unterminated  an unclosed quoted string, comment, domain literal or <…>
///   mime.address.syntax        stray characters that were skipped
///   mime.address.empty         the list holds no mailbox and no group
///   mime.address.route         an obsolete source route "<@a,@b:x@y>" was ignored
///   mime.address.too_many      more than max_mailboxes mailboxes; the rest were ignored
///   mime.address.phrase_specials  a display name with '@' or other specials outside quotes before <…>
///                              ("a@evil.test <b@bank.example>"): the angle-addr is the mailbox, the rest its name
/// Nesting of comments and the number of mailboxes are bounded (max_mailboxes).
[[nodiscard]] address_list parse_address_list(std::string_view value, std::size_t max_mailboxes = 1000);

}  // namespace authlens::mime
