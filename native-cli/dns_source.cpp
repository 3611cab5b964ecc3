#include "dns_source.hpp"

#include <charconv>
#include <fstream>
#include <iostream>
#include <memory>

#include "dns/doh.hpp"
#include "dns/endpoint.hpp"
#include "dns/stub.hpp"

namespace authlens::cli {

result<bool> dns_source::finish(const dns::cache& c) const {
  if (!record_path) return true;
  std::ofstream f(*record_path, std::ios::binary | std::ios::trunc);
  f << dns::to_snapshot_json(c);
  if (!f.good() || (f.close(), !f.good()))
    return error{"cli.record.write", "cannot write the DNS snapshot to " + *record_path};
  return true;
}

result<dns_source> make_dns_source(const args& a) {
  dns_source src;
  src.record_path = a.get("--record");
  const auto zones = a.all("--zone");
  const auto snapshot = a.get("--snapshot");
  const auto resolver = a.all("--resolver");
  const auto doh = a.get("--doh");
  const bool offline = !zones.empty() || snapshot;
  const bool online = !resolver.empty() || doh;
  if (!zones.empty() && snapshot) return error{"cli.dns.options", "--zone and --snapshot cannot be combined"};
  if (offline && online)
    return error{"cli.dns.options", "offline sources (--zone, --snapshot) and --resolver/--doh cannot be combined"};
  if (!resolver.empty() && doh) return error{"cli.dns.options", "--resolver and --doh cannot be combined"};

  int timeout_ms = 2000;
  if (auto t = a.get("--timeout")) {
    auto [p, ec] = std::from_chars(t->data(), t->data() + t->size(), timeout_ms);
    if (ec != std::errc{} || p != t->data() + t->size() || timeout_ms < 1 || timeout_ms > 600000)
      return error{"cli.dns.timeout", "--timeout wants milliseconds between 1 and 600000, not '" + *t + "'"};
  }

  if (!zones.empty()) {
    auto zs = std::make_shared<dns::zone_source>();
    for (const auto& file : zones) {
      auto text = read_input(file);
      if (!text) return error{"cli.dns.zone", "cannot read zone file " + file};
      for (const auto& d : zs->add_zone_text(*text))
        std::cerr << "authlens: " << file << ": " << d.code << ": " << d.detail << "\n";
    }
    src.resolve = [zs](std::span<const dns::question> qs) {
      std::vector<dns::answer> out;
      out.reserve(qs.size());
      for (const auto& q : qs) out.push_back(zs->resolve(q));
      return out;
    };
    src.description = "zone files";
    return src;
  }
  if (snapshot) {
    auto text = read_input(*snapshot);
    if (!text) return error{"cli.dns.snapshot", "cannot read snapshot " + *snapshot};
    auto c = dns::from_snapshot_json(*text);
    if (!c) return error{"cli.dns.snapshot", *snapshot + ": " + c.err().message};
    auto shared = std::make_shared<const dns::snapshot_source>(std::move(c.value()));
    src.resolve = [shared](std::span<const dns::question> qs) {
      std::vector<dns::answer> out;
      out.reserve(qs.size());
      for (const auto& q : qs) out.push_back(shared->resolve(q));
      return out;
    };
    src.description = "snapshot " + *snapshot;
    return src;
  }
  if (doh) {
    auto url = net::parse_doh_url(*doh);
    if (!url) return url.err();
    net::doh_options o;
    o.url = url.value();
    o.timeout_ms = timeout_ms;
    auto client = net::doh_client::create(std::move(o));
    if (!client) return client.err();
    std::shared_ptr<net::doh_client> cl = client.value();
    src.resolve = [cl](std::span<const dns::question> qs) { return cl->resolve(qs); };
    src.description = "DoH " + *doh;
    return src;
  }
  net::stub_options o;
  o.timeout_ms = timeout_ms;
  if (!resolver.empty()) {
    for (const auto& r : resolver) {
      auto e = net::parse_endpoint(r);
      if (!e) return e.err();
      o.servers.push_back(std::move(e.value()));
    }
  } else {
    o.servers = net::system_servers();
  }
  src.description = "resolver";
  for (const auto& s : o.servers) src.description += " " + s.text;
  src.resolve = [o](std::span<const dns::question> qs) { return net::stub_resolve(qs, o); };
  return src;
}

void dns_source::run(dns::job& j) const {
  dns::drive(j, resolve);
}

}  // namespace authlens::cli
