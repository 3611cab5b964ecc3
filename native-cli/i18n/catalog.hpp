// The CLI's text in Japanese or English: `authlens --lang ja|en`, by default from the locale
// (LC_ALL, LC_MESSAGES, LANG — the first one set decides). The texts are the catalogs the page uses
// (i18n/report.<lang>.json: what the core reports, by code; i18n/cli.<lang>.json: the CLI's labels),
// compiled in. JSON output never goes through here: it stays language-neutral.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace authlens::cli::i18n {

enum class language { en, ja };

/// "ja", "ja_JP.UTF-8", "ja-JP" → ja; "en…" → en; anything else → nullopt.
std::optional<language> parse_language(std::string_view name);

/// The language the locale variables ask for (the first of LC_ALL, LC_MESSAGES, LANG that is set and
/// not empty); English when it names neither Japanese nor anything else we speak.
language from_locale(const char* lc_all, const char* lc_messages, const char* lang);

void set_language(language l);
language current();

/// True when the current language's catalog (or, failing it, the English one) has `key`.
bool has(std::string_view key);
/// True when the named language's own catalog has `key` (no fallback): for the catalog tests.
bool has_in(language l, std::string_view key);

/// The text for `key` with {name} placeholders filled from `params` (strings, numbers, booleans;
/// arrays joined with ", "). Falls back to English, then to the key itself.
std::string text(std::string_view key, const nlohmann::json& params = nlohmann::json::object());

/// A reason code as a sentence, as the page renders it (web/src/render/util.ts reasonText): the
/// catalog's `reason.<code>` or `reason.<area>.<code>` filled with params, unless a placeholder stays
/// unfilled; else `fallback` (the core's English sentence); else the code.
std::string reason(std::string_view area, std::string_view code, std::string_view fallback,
                   const nlohmann::json& params = nlohmann::json::object());

/// A reason code in the current language when it is not English; in English the core's own sentence
/// (`english`, which carries every name) — so English text output stays what the core wrote.
std::string localized(std::string_view area, std::string_view code, std::string_view english,
                      const nlohmann::json& params = nlohmann::json::object());

/// A defect of the input ({code, detail}) as the page shows it (web/src/render/util.ts defectNodes): in
/// English the core's detail, which names the specifics; in another language the catalog's sentence for
/// `reason.defect.<code>` followed by the detail in parentheses; a code the catalog lacks: the detail.
std::string defect(std::string_view code, std::string_view detail);

/// The catalog's sentence for a core code given by its full key (e.g. "reason.finding.<code>"), filled
/// with the core's values; a code with several sentences names one in params["variant"] (key.variant is
/// tried first). In English, or when the catalog lacks the key or a value, the core's `english`.
/// The rule of the page's domain tab (web/src/tabs/domain.ts codeText).
std::string coded(std::string_view key, std::string_view english, const nlohmann::json& params = nlohmann::json::object());

/// Columns a terminal gives the UTF-8 text: 2 for East Asian wide characters (kana, kanji, full-width
/// forms), 1 for others; so tables line up in Japanese too.
std::size_t display_width(std::string_view utf8);

/// The report's headline (summary {headline_code, params, headline}), as the page's summaryText.
std::string headline(const nlohmann::json& summary);

}  // namespace authlens::cli::i18n
