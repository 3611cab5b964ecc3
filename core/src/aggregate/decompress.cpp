// gzip (RFC 1952) and zip (PKWARE APPNOTE: local headers, central directory; stored and deflate) readers
// over zlib's raw inflate, every size bounded before and during expansion.
#include <zlib.h>

#include <cstdint>
#include <cstring>

#include "aggregate/internal.hpp"
#include "authlens/message.hpp"

namespace authlens::aggregate {
namespace {

std::uint16_t le16(std::string_view s, std::size_t at) {
  return std::uint16_t(std::uint8_t(s[at]) | (std::uint8_t(s[at + 1]) << 8));
}
std::uint32_t le32(std::string_view s, std::size_t at) {
  return std::uint32_t(le16(s, at)) | (std::uint32_t(le16(s, at + 2)) << 16);
}

error err(std::string code, std::string message) { return error{std::move(code), std::move(message)}; }

bool ratio_exceeded(std::size_t out, std::size_t in, const parse_options& o) {
  return out > (1u << 20) && in > 0 && out / in > o.max_ratio;
}


// Runs inflate on a prepared stream until its end, appending to `out` while `fits(new size)` allows.
// One loop for the gzip members and the zip entries; the callers turn the status into their errors.
enum class inflated { done, too_large, ends_early, corrupt };
template <class Fits>
inflated inflate_into(z_stream& zs, std::string& out, Fits fits) {
  char buf[65536];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_BUF_ERROR) return inflated::ends_early;
    if (rc != Z_OK && rc != Z_STREAM_END) return inflated::corrupt;
    std::size_t produced = sizeof buf - zs.avail_out;
    if (!fits(out.size() + produced)) return inflated::too_large;
    out.append(buf, produced);
    if (rc == Z_OK && produced == 0 && zs.avail_in == 0) return inflated::ends_early;
  }
  return inflated::done;
}

void set_input(z_stream& zs, std::string_view in) {
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
}

// zlib's reason for a Z_DATA_ERROR; its gzip trailer checks say "incorrect data check" (CRC-32) and
// "incorrect length check" (ISIZE).
std::string zlib_reason(const z_stream& zs) { return zs.msg ? zs.msg : "inflate failed"; }

bool is_gzip_member(std::string_view s) {
  return s.size() >= 18 && std::uint8_t(s[0]) == 0x1f && std::uint8_t(s[1]) == 0x8b;
}

}  // namespace

namespace detail {

result<std::string> inflate_raw(std::string_view in, std::size_t expected, std::size_t limit, const char* prefix) {
  std::string out;
  if (expected > 0 && expected <= limit) out.reserve(expected);
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return err(std::string(prefix) + ".corrupt", "zlib could not start inflating");
  set_input(zs, in);
  inflated st = inflate_into(zs, out, [&](std::size_t size) { return size <= limit; });
  std::string reason = zlib_reason(zs);
  inflateEnd(&zs);
  switch (st) {
    case inflated::done: return out;
    case inflated::too_large:
      return err(std::string(prefix) + ".too_large",
                 "the report expands to more than " + std::to_string(limit) + " bytes; refused (a decompression bomb?)");
    case inflated::ends_early: return err(std::string(prefix) + ".corrupt", "the compressed data ends early");
    case inflated::corrupt: break;
  }
  return err(std::string(prefix) + ".corrupt", "the compressed data is corrupt (" + reason + ")");
}

}  // namespace detail

// zlib's own gzip mode (RFC 1952): it reads the header (FEXTRA, FNAME, FCOMMENT, FHCRC) and checks every
// member's CRC-32 and ISIZE trailer. Concatenated members are joined; bytes after the last complete
// member that do not start another one are ignored, as gzip(1) does.
result<std::string> gunzip(std::string_view bytes, const parse_options& o) {
  if (!is_gzip_member(bytes)) return err("aggregate.gzip.corrupt", "not a gzip stream (no 1f 8b header)");
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return err("aggregate.gzip.corrupt", "zlib could not start inflating");
  auto fits = [&](std::size_t size) { return size <= o.max_xml_bytes && !ratio_exceeded(size, bytes.size(), o); };
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    std::string_view s = bytes.substr(pos);
    if (s[2] != 8) {
      inflateEnd(&zs);
      return err("aggregate.gzip.corrupt", "gzip compression method is not deflate");
    }
    set_input(zs, s);
    inflated st = inflate_into(zs, out, fits);
    if (st != inflated::done) {
      std::string reason = zlib_reason(zs);
      inflateEnd(&zs);
      switch (st) {
        case inflated::too_large:
          return err("aggregate.gzip.too_large",
                     "the report expands beyond the limit (" + std::to_string(o.max_xml_bytes) + " bytes, ratio " +
                         std::to_string(o.max_ratio) + "); refused (a decompression bomb?)");
        case inflated::ends_early: return err("aggregate.gzip.corrupt", "the gzip data ends early");
        default: break;
      }
      if (reason == "incorrect data check")
        return err("aggregate.gzip.corrupt", "the gzip data fails its CRC-32 check (incorrect data check)");
      if (reason == "incorrect length check")
        return err("aggregate.gzip.corrupt", "the gzip data's length differs from its trailer (incorrect length check)");
      return err("aggregate.gzip.corrupt", "the gzip data is corrupt (" + reason + ")");
    }
    pos += s.size() - zs.avail_in;
    if (!is_gzip_member(bytes.substr(pos))) break;
    inflateReset(&zs);
  }
  inflateEnd(&zs);
  return out;
}

result<std::vector<zip_entry>> unzip(std::string_view s, const parse_options& o) {
  // End of central directory: the last "PK\5\6" within the final 64 KiB + 22 bytes.
  if (s.size() < 22) return err("aggregate.zip.corrupt", "too short to be a zip archive");
  std::size_t eocd = std::string_view::npos;
  std::size_t lo = s.size() > 65557 ? s.size() - 65557 : 0;
  for (std::size_t i = s.size() - 22 + 1; i-- > lo;) {
    if (s.compare(i, 4, "PK\x05\x06") == 0) {
      eocd = i;
      break;
    }
  }
  struct entry_ref {
    std::string name;
    std::uint16_t method;
    std::uint16_t flags;
    std::uint32_t csize, usize, local;
    std::uint32_t crc;
    bool crc_known;  ///< false for a local header whose CRC-32 follows the data (flag bit 3)
  };
  std::vector<entry_ref> refs;
  if (eocd != std::string_view::npos) {
    std::size_t n = le16(s, eocd + 10);
    std::size_t cd = le32(s, eocd + 16);
    std::size_t at = cd;
    for (std::size_t i = 0; i < n && refs.size() < o.max_zip_entries; ++i) {
      if (at + 46 > s.size() || s.compare(at, 4, "PK\x01\x02") != 0)
        return err("aggregate.zip.corrupt", "the zip central directory is damaged");
      entry_ref r{};
      r.flags = le16(s, at + 8);
      r.method = le16(s, at + 10);
      r.crc = le32(s, at + 16);
      r.crc_known = true;
      r.csize = le32(s, at + 20);
      r.usize = le32(s, at + 24);
      std::size_t nlen = le16(s, at + 28), xlen = le16(s, at + 30), clen = le16(s, at + 32);
      r.local = le32(s, at + 42);
      if (at + 46 + nlen > s.size()) return err("aggregate.zip.corrupt", "the zip central directory is damaged");
      r.name = mime::to_valid_utf8(s.substr(at + 46, nlen));  // names are CP437 or UTF-8: shown, never trusted
      refs.push_back(std::move(r));
      at += 46 + nlen + xlen + clen;
    }
  } else {
    // No central directory (a truncated download): walk the local headers that carry their sizes.
    std::size_t at = 0;
    while (at + 30 <= s.size() && s.compare(at, 4, "PK\x03\x04") == 0 && refs.size() < o.max_zip_entries) {
      entry_ref r{};
      r.flags = le16(s, at + 6);
      r.method = le16(s, at + 8);
      r.crc = le32(s, at + 14);
      r.crc_known = (r.flags & 0x08) == 0;
      r.csize = le32(s, at + 18);
      r.usize = le32(s, at + 22);
      std::size_t nlen = le16(s, at + 26), xlen = le16(s, at + 28);
      r.local = std::uint32_t(at);
      if (at + 30 + nlen > s.size()) break;
      r.name = mime::to_valid_utf8(s.substr(at + 30, nlen));
      if (r.flags & 0x08) {  // sizes follow the data: only usable for the last (or only) entry
        r.csize = std::uint32_t(s.size() - (at + 30 + nlen + xlen));
      }
      refs.push_back(r);
      std::size_t next = at + 30 + nlen + xlen + std::size_t(r.csize);
      if (next <= at || next > s.size()) break;
      at = next;
    }
    if (refs.empty()) return err("aggregate.zip.corrupt", "no zip central directory and no readable entry");
  }
  std::vector<zip_entry> out;
  std::size_t total = 0;
  for (const auto& r : refs) {
    if (!r.name.empty() && r.name.back() == '/') continue;  // a folder
    if (r.flags & 0x01) return err("aggregate.zip.unsupported", "the zip entry '" + r.name + "' is encrypted");
    std::size_t at = r.local;
    if (at + 30 > s.size() || s.compare(at, 4, "PK\x03\x04") != 0)
      return err("aggregate.zip.corrupt", "the local header of '" + r.name + "' is missing");
    std::size_t data = at + 30 + le16(s, at + 26) + le16(s, at + 28);
    if (data > s.size()) return err("aggregate.zip.corrupt", "the zip entry '" + r.name + "' is cut short");
    std::size_t csize = r.csize;
    if (csize > s.size() - data) csize = s.size() - data;  // truncated archive: inflate what is there
    if (r.usize > o.max_xml_bytes - total || ratio_exceeded(r.usize, csize, o))
      return err("aggregate.zip.too_large", "the zip entry '" + r.name + "' declares " + std::to_string(r.usize) +
                                                " bytes, beyond the limit; refused (a decompression bomb?)");
    zip_entry e{r.name, {}};
    if (r.method == 0) {
      e.data = std::string(s.substr(data, csize));
    } else if (r.method == 8) {
      auto inflated = detail::inflate_raw(s.substr(data, csize), r.usize, o.max_xml_bytes - total, "aggregate.zip");
      if (!inflated) return inflated.err();
      if (ratio_exceeded(inflated->size(), csize, o))
        return err("aggregate.zip.too_large", "the zip entry '" + r.name + "' expands beyond the allowed ratio");
      e.data = std::move(inflated).value();
    } else {
      return err("aggregate.zip.unsupported", "the zip entry '" + r.name + "' uses compression method " +
                                                  std::to_string(r.method) + " (only stored and deflate are read)");
    }
    if (r.crc_known && crc32_z(0, reinterpret_cast<const Bytef*>(e.data.data()), e.data.size()) != r.crc)
      return err("aggregate.zip.corrupt", "the zip entry '" + r.name + "' fails its CRC-32 check (the archive is damaged)");
    total += e.data.size();
    out.push_back(std::move(e));
  }
  if (out.empty()) return err("aggregate.zip.no_report", "the zip archive holds no file");
  return out;
}

}  // namespace authlens::aggregate
