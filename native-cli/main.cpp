// authlens — email authentication checker (native CLI). See README.md for every command.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "args.hpp"
#include "authlens/crypto.hpp"
#include "authlens/psl.hpp"
#include "commands.hpp"
#include "i18n/catalog.hpp"

#ifdef AUTHLENS_OPENSSL_PROCESS_INIT
#include <openssl/crypto.h>
#endif

namespace authlens::cli {

std::map<std::string, command_info>& registry() {
  static std::map<std::string, command_info> commands;
  return commands;
}

namespace {
void common_options(std::ostream& out) {
  out << "DNS sources (every command): --zone FILE (repeatable) · --snapshot FILE · --record FILE ·"
         " --resolver HOST[:PORT] · --doh URL · --timeout MS\n"
         "text in Japanese or English (every command): --lang ja|en (default from LC_ALL, LC_MESSAGES, LANG;"
         " JSON output is the same in both)\n"
         "exit: 0 passed · 1 did not pass · 2 bad usage or unreadable input · 3 temporary DNS failure\n";
}

int usage(std::ostream& out) {
  out << "usage: authlens COMMAND [ARGS]   (authlens COMMAND --help: one command)\n\ncommands:\n";
  for (const auto& [name, info] : registry()) out << "  " << info.usage << "\n";
  out << "\n";
  common_options(out);
  return exit_usage;
}

/// `authlens COMMAND --help`: the command's own line, then what every command takes.
int command_usage(const command_info& info) {
  std::cout << "usage: authlens " << info.usage << "\n\n";
  common_options(std::cout);
  std::cout << "more: README.md (Commands) and docs/\n";
  return 0;
}

/// The version, and the versions of what is built in that changes verdicts (the public suffix list, the crypto).
int version() {
  const auto& psl = authlens::psl::list::builtin();
  std::cout << "authlens " << AUTHLENS_VERSION << "\n"
            << "public suffix list: " << (psl.version().empty() ? "(no version line)" : psl.version()) << ", "
            << psl.size() << " rules (Debian publicsuffix, built in)\n"
            << "crypto: " << authlens::crypto::library_versions() << "\n";
  return 0;
}

/// The registered command that the first words name ("dkim verify" before "dkim"), and how many words.
std::pair<const command_info*, std::size_t> find_command(const std::vector<std::string>& words) {
  for (std::size_t n = std::min<std::size_t>(words.size(), 2); n >= 1; --n) {
    std::string name = words[0];
    for (std::size_t i = 1; i < n; ++i) name += " " + words[i];
    if (auto it = registry().find(name); it != registry().end()) return {&it->second, n};
  }
  return {nullptr, 0};
}

/// Takes `--lang ja|en` (or `--lang=ja`) out of the words, wherever it stands, and sets the text
/// language; without it the locale decides. False on a value that is neither.
bool take_language(std::vector<std::string>& words) {
  i18n::set_language(i18n::from_locale(std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"), std::getenv("LANG")));
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string value;
    std::size_t n = 0;
    if (words[i] == "--lang" && i + 1 < words.size()) value = words[i + 1], n = 2;
    else if (words[i].rfind("--lang=", 0) == 0) value = words[i].substr(7), n = 1;
    else if (words[i] == "--lang") return false;
    else continue;
    auto l = i18n::parse_language(value);
    if (!l || (value != "ja" && value != "en")) return false;
    i18n::set_language(*l);
    words.erase(words.begin() + static_cast<long>(i), words.begin() + static_cast<long>(i + n));
    --i;
  }
  return true;
}
}  // namespace

}  // namespace authlens::cli

int main(int argc, char** argv) {
  using namespace authlens::cli;
#ifdef AUTHLENS_OPENSSL_PROCESS_INIT
  // The process's choices for libcrypto (crypto backend "openssl", linked statically), made before the
  // core's first hash initialises it with the library's defaults. They are the executable's to make, not
  // the core's (a library must not decide them for the program linking it). Left out, at ≈ 0.45 ms of a
  // 4 ms `analyze` (docs/decisions.md, "Start-up of the CLI"): the error strings (only for messages the
  // CLI never prints: the backend clears OpenSSL's errors), the legacy name tables of every cipher and
  // digest (the backend fetches SHA-1/SHA-256 and RSA by provider), openssl.cnf (as the backend already
  // asks) and the cleanup at exit (the kernel frees the process). A failure here changes nothing: the
  // backend's own initialisation still runs.
  OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS | OPENSSL_INIT_NO_ADD_ALL_CIPHERS |
                          OPENSSL_INIT_NO_ADD_ALL_DIGESTS | OPENSSL_INIT_NO_ATEXIT,
                      nullptr);
#endif
  std::vector<std::string> words(argv + 1, argv + argc);
  if (!take_language(words)) {
    std::cerr << "authlens: " << i18n::text("cli.lang.bad") << "\n";
    return exit_usage;
  }
  if (words.empty()) return usage(std::cerr);
  if (words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
    // `authlens help dkim verify` is `authlens dkim verify --help`.
    std::vector<std::string> rest(words.begin() + 1, words.end());
    if (auto [info, n] = find_command(rest); info != nullptr) return command_usage(*info);
    return usage(std::cout), 0;
  }
  if (words[0] == "--version") return version();
  auto [info, n] = find_command(words);
  if (info == nullptr) {
    std::cerr << "authlens: unknown command '" << words[0] << "'\n";
    return usage(std::cerr);
  }
  std::vector<std::string> rest(words.begin() + static_cast<long>(n), words.end());
  if (!rest.empty() && (rest[0] == "--help" || rest[0] == "-h")) return command_usage(*info);
  return info->run(rest);
}
