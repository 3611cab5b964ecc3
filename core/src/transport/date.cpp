// RFC 5322 §3.3 date-time reader with the §4.3 obsolete forms, and Unix time ↔ civil date arithmetic
// (proleptic Gregorian calendar, written from the calendar rules: 400-year eras of 146097 days).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "authlens/strings.hpp"
#include "authlens/transport.hpp"

namespace authlens::transport {

namespace {

constexpr bool is_wsp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

constexpr bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
constexpr int days_in_month(std::int64_t y, int m) {
  constexpr std::array<int, 12> k{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && is_leap(y)) ? 29 : k[static_cast<std::size_t>(m - 1)];
}

/// Days since 1970-01-01 of a civil date (month 1..12, day 1..31).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  // Count from 0000-03-01 so that the leap day is the last day of a "year".
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                   // 0..399
  const std::int64_t mp = (m + 9) % 12;                                     // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;                      // 0..365
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // 0..146096
  return era * 146097 + doe - 719468;                                       // 719468: 0000-03-01 → 1970-01-01
}

struct civil {
  std::int64_t y;
  int m, d;
};
civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {era * 400 + yoe + (m <= 2 ? 1 : 0), m, d};
}

class cursor {
 public:
  explicit cursor(std::string_view s) : s_(s) {}
  bool end() const { return p_ >= s_.size(); }
  char peek() const { return end() ? '\0' : s_[p_]; }
  void next() { ++p_; }
  void skip_cfws() {
    while (!end()) {
      if (is_wsp(s_[p_])) {
        ++p_;
      } else if (s_[p_] == '(') {
        int depth = 0;
        while (!end()) {
          char c = s_[p_++];
          if (c == '\\') {
            if (!end()) ++p_;
          } else if (c == '(') {
            ++depth;
          } else if (c == ')' && --depth == 0) {
            break;
          }
        }
      } else {
        break;
      }
    }
  }
  std::string_view alpha() {
    std::size_t b = p_;
    while (!end() && is_alpha(s_[p_])) ++p_;
    return s_.substr(b, p_ - b);
  }
  /// Reads up to `max` digits; returns the count read (value in v).
  int digits(std::int64_t& v, int max = 9) {
    v = 0;
    int n = 0;
    while (!end() && is_digit(s_[p_]) && n < max) {
      v = v * 10 + (s_[p_] - '0');
      ++p_;
      ++n;
    }
    return n;
  }
  std::string_view rest() const { return end() ? std::string_view{} : s_.substr(p_); }

 private:
  std::string_view s_;
  std::size_t p_ = 0;
};

int month_from_name(std::string_view n) {
  static constexpr std::array<std::string_view, 12> k{"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};
  if (n.size() < 3) return 0;
  for (std::size_t i = 0; i < k.size(); ++i)
    if (str::iequals(n.substr(0, 3), k[i])) return static_cast<int>(i) + 1;
  return 0;
}
int weekday_from_name(std::string_view n) {  // 0 = Sunday; -1 unknown
  static constexpr std::array<std::string_view, 7> k{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  if (n.size() < 3) return -1;
  for (std::size_t i = 0; i < k.size(); ++i)
    if (str::iequals(n.substr(0, 3), k[i])) return static_cast<int>(i);
  return -1;
}

error syntax(std::string what) { return error{"transport.date.syntax", std::move(what)}; }
error range(std::string what) { return error{"transport.date.range", std::move(what)}; }

}  // namespace

result<date_time> parse_date(std::string_view s) {
  date_time out;
  cursor c(s);
  c.skip_cfws();
  int weekday = -1;
  if (is_alpha(c.peek())) {
    auto name = c.alpha();
    weekday = weekday_from_name(name);
    if (weekday < 0) return syntax("unknown day name \"" + std::string(name) + "\"");
    if (name.size() != 3) out.obsolete = true;
    c.skip_cfws();
    if (c.peek() == ',') {
      c.next();
    } else {
      out.obsolete = true;
    }
    c.skip_cfws();
  }
  std::int64_t day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (c.digits(day, 2) == 0) return syntax("day of month expected");
  c.skip_cfws();
  if (c.peek() == '-') c.next(), out.obsolete = true;  // "23-Nov-2026"
  auto mname = c.alpha();
  int month = month_from_name(mname);
  if (month == 0) return syntax("month name expected");
  if (mname.size() != 3) out.obsolete = true;
  c.skip_cfws();
  if (c.peek() == '-') c.next(), out.obsolete = true;
  int ydigits = c.digits(year, 9);
  if (ydigits < 2) return syntax("year expected");
  if (ydigits == 2) {
    year += year < 50 ? 2000 : 1900;
    out.obsolete = true;
  } else if (ydigits == 3) {
    year += 1900;
    out.obsolete = true;
  }
  c.skip_cfws();
  if (c.digits(hour, 2) == 0) return syntax("hour expected");
  c.skip_cfws();
  if (c.peek() != ':') return syntax("':' expected after the hour");
  c.next();
  c.skip_cfws();
  if (c.digits(minute, 2) != 2) return syntax("two-digit minute expected");
  c.skip_cfws();
  if (c.peek() == ':') {
    c.next();
    c.skip_cfws();
    if (c.digits(second, 2) != 2) return syntax("two-digit second expected");
  }
  if (c.peek() == '.') {  // fractional seconds (not RFC 5322, seen in the wild): ignored
    c.next();
    std::int64_t frac = 0;
    c.digits(frac, 9);
    out.obsolete = true;
  }
  c.skip_cfws();
  int offset = 0;
  if (c.peek() == '+' || c.peek() == '-') {
    bool neg = c.peek() == '-';
    c.next();
    std::int64_t z = 0;
    int n = c.digits(z, 4);
    if (n != 4) return syntax("zone must be +hhmm or -hhmm");
    if (z % 100 > 59) return range("zone minutes out of range");
    offset = static_cast<int>((z / 100) * 60 + z % 100);
    if (neg) offset = -offset;
    if (neg && z == 0) out.zone_unknown = true;  // "-0000": no information about the local zone
  } else if (is_alpha(c.peek())) {
    auto zn = c.alpha();
    out.obsolete = true;
    struct named {
      std::string_view n;
      int h;
    };
    static constexpr std::array<named, 12> zones{{{"UT", 0}, {"GMT", 0}, {"UTC", 0}, {"Z", 0}, {"EST", -5},
                                                  {"EDT", -4}, {"CST", -6}, {"CDT", -5}, {"MST", -7},
                                                  {"MDT", -6}, {"PST", -8}, {"PDT", -7}}};
    bool found = false;
    for (const auto& z : zones)
      if (str::iequals(zn, z.n)) {
        offset = z.h * 60;
        found = true;
        break;
      }
    if (!found) out.zone_unknown = true;  // military letters (§4.3: treat as -0000) and unknown names
  } else {
    out.zone_unknown = true;  // no zone at all
    out.obsolete = true;
  }
  c.skip_cfws();
  if (!c.end()) out.obsolete = true;  // trailing text (e.g. "+0000 GMT"): tolerated

  if (year > 9999) return range("year " + std::to_string(year) + " out of range");
  if (month < 1 || month > 12) return range("month out of range");
  if (day < 1 || day > days_in_month(year, month)) return range("day " + std::to_string(day) + " out of range");
  if (hour > 23) return range("hour out of range");
  if (minute > 59) return range("minute out of range");
  if (second > 60) return range("second out of range");
  std::int64_t days = days_from_civil(year, month, static_cast<int>(day));
  out.unix_seconds = days * 86400 + hour * 3600 + minute * 60 + second - static_cast<std::int64_t>(offset) * 60;
  out.offset_minutes = out.zone_unknown ? 0 : offset;
  if (weekday >= 0) {
    std::int64_t wd = (days % 7 + 7 + 4) % 7;  // 1970-01-01 was a Thursday (4)
    if (wd != weekday) out.weekday_mismatch = true;
  }
  return out;
}

std::string to_iso8601_utc(std::int64_t t) {
  constexpr std::int64_t lo = -62167219200;  // 0000-01-01T00:00:00Z
  constexpr std::int64_t hi = 253402300799;  // 9999-12-31T23:59:59Z
  if (t < lo) t = lo;
  if (t > hi) t = hi;
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t secs = t - days * 86400;
  civil cd = civil_from_days(days);
  char buf[32];
  auto put = [&](char* p, std::int64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  put(buf, cd.y, 4);
  buf[4] = '-';
  put(buf + 5, cd.m, 2);
  buf[7] = '-';
  put(buf + 8, cd.d, 2);
  buf[10] = 'T';
  put(buf + 11, secs / 3600, 2);
  buf[13] = ':';
  put(buf + 14, secs / 60 % 60, 2);
  buf[16] = ':';
  put(buf + 17, secs % 60, 2);
  buf[19] = 'Z';
  return std::string(buf, 20);
}

}  // namespace authlens::transport
