// wasm/bindings_aggregate.cpp — DMARC aggregate reports for the page's Reports tab.
//
//   core.call("aggregate.parse", { "files": [ { "name": "a.xml.gz", "base64": "H4sI…" } ], "records": false })
//     → the authlens/dmarc-aggregate/v1 document (authlens/report.hpp, "aggregate" section); "records": true keeps
//       every record of every report (for the JSON export), false (the default) only the summary and metadata.
//   core.call("aggregate.csv", { "files": [ … ] }) → { "csv": "org_name,report_id,…" } (one row per record);
//     with "by": "sender" (and "filter", "lookup" as below) one row per sender instead
//   core.call("aggregate.senders", { "files": [ … ], "filter": { "failures_only", "header_from", "reporter" },
//             "lookup": [ …the "aggregate.ptr" job's result.sources… ] })
//     → the senders (aggregate::group_senders; schema/dmarc-aggregate.schema.json#/$defs/senders); sources
//       without a lookup entry are named by their network.
//
// And one job (DNS):
//   runJob(core, "aggregate.ptr", input, request) — PTR names of the sources (aggregate::ptr_lookup)
//     input: JSON text { "sources": [ { "ip": "192.0.2.1", "messages": 10 }, … ] } (the summary's sources,
//            most messages first; at most 1000 read)
//     request: { "max_sources": 1..1000 (200), "forward_confirm": true, "providers": true, "offline", "max_rounds" }
//     result: authlens/aggregate-ptr/v1 (docs/aggregate-reports.md)
//
// The files stay in the browser: JS reads them with the File API and hands their bytes over as base64
// (the generic ABI carries JSON text). gzip, zip and report e-mails are opened here by the core (zlib),
// the same code the CLI runs, so the page needs no DecompressionStream.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "authlens/base64.hpp"
#include "authlens/aggregate.hpp"
#include "authlens/crypto.hpp"
#include "authlens/report.hpp"
#include "authlens/strings.hpp"
#include "registry.hpp"

namespace {

using nlohmann::json;

json fail(const char* code, const std::string& message) {
  return json{{"error", {{"code", code}, {"message", message}}}};
}

/// Reads input.files into parsed reports; false (with *err set) when the input is not as documented.
bool read_files(const json& in, std::vector<authlens::report::aggregate_file>& out, json* err) {
  auto it = in.find("files");
  if (!in.is_object() || it == in.end() || !it->is_array()) {
    *err = fail("aggregate.input.invalid", "expected {\"files\": [{\"name\", \"base64\"}]}");
    return false;
  }
  for (const auto& f : *it) {
    if (!f.is_object()) continue;
    std::string name = authlens::wasm::str_member(f, "name");
    auto bytes = authlens::base64::decode(authlens::wasm::str_member(f, "base64"));
    if (!bytes) {
      out.push_back({name, authlens::error{"aggregate.input.unreadable", "the file's bytes did not arrive intact"}});
      continue;
    }
    std::string_view view(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    out.push_back({name, authlens::aggregate::parse(view)});
  }
  return true;
}

const authlens::wasm::register_method parse_method{"aggregate.parse", [](const json& in) -> json {
  std::vector<authlens::report::aggregate_file> files;
  json err;
  if (!read_files(in, files, &err)) return err;
  bool records = false;
  if (auto r = in.find("records"); r != in.end() && r->is_boolean()) records = r->get<bool>();
  return authlens::report::aggregate_to_json(files, records);
}};


/// A lookup entry handed back by the page (one source of the "aggregate.ptr" result): what identify_sender
/// reads of it. Words that are not the job's own are read as "not checked".
authlens::aggregate::source_ptr lookup_entry(const json& x) {
  namespace agg = authlens::aggregate;
  agg::source_ptr p;
  p.ip = authlens::wasm::str_member(x, "ip").substr(0, 100);
  const std::string status = authlens::wasm::str_member(x, "status");
  if (status == "found") p.status = agg::ptr_status::found;
  else if (status == "no_ptr") p.status = agg::ptr_status::no_ptr;
  else if (status == "dns_error") p.status = agg::ptr_status::dns_error;
  if (auto n = x.find("names"); n != x.end() && n->is_array())
    for (const auto& name : *n)
      if (name.is_string() && p.names.size() < 10) p.names.push_back(name.get<std::string>().substr(0, 255));
  p.confirmed_name = authlens::wasm::str_member(x, "confirmed_name").substr(0, 255);
  const std::string in = authlens::wasm::str_member(x, "in_provider");
  if (in == "found") p.in_provider = agg::provider_check::found;
  else if (in == "not_found") p.in_provider = agg::provider_check::not_found;
  else if (in == "incomplete") p.in_provider = agg::provider_check::incomplete;
  p.provider = authlens::wasm::str_member(x, "provider").substr(0, 100);
  return p;
}

/// The senders of the reports read, under input.filter, named with input.lookup.
authlens::aggregate::sender_view senders_of(const json& in, const std::vector<authlens::aggregate::report>& ok) {
  authlens::aggregate::sender_options opt;
  if (auto f = in.find("filter"); f != in.end() && f->is_object()) {
    if (auto x = f->find("failures_only"); x != f->end() && x->is_boolean()) opt.filter.failures_only = x->get<bool>();
    opt.filter.header_from = authlens::str::lower(authlens::wasm::str_member(*f, "header_from"));
    opt.filter.reporter = authlens::wasm::str_member(*f, "reporter");
  }
  std::vector<authlens::aggregate::source_ptr> lookup;
  if (auto l = in.find("lookup"); l != in.end() && l->is_array())
    for (const auto& x : *l)
      if (x.is_object() && lookup.size() < 1000) lookup.push_back(lookup_entry(x));
  return authlens::aggregate::group_senders(ok, lookup, opt);
}

/// The reports of input.files that could be read (false, with *err, when the input is not as documented).
bool read_reports(const json& in, std::vector<authlens::aggregate::report>& ok, json* err) {
  std::vector<authlens::report::aggregate_file> files;
  if (!read_files(in, files, err)) return false;
  for (const auto& f : files)
    if (f.parsed) ok.push_back(*f.parsed);
  return true;
}

const authlens::wasm::register_method csv_method{"aggregate.csv", [](const json& in) -> json {
  std::vector<authlens::aggregate::report> ok;
  json err;
  if (!read_reports(in, ok, &err)) return err;
  if (authlens::wasm::str_member(in, "by") == "sender")
    return json{{"csv", authlens::aggregate::to_csv(senders_of(in, ok))}};
  return json{{"csv", authlens::aggregate::to_csv(ok)}};
}};

const authlens::wasm::register_method senders_method{"aggregate.senders", [](const json& in) -> json {
  std::vector<authlens::aggregate::report> ok;
  json err;
  if (!read_reports(in, ok, &err)) return err;
  return authlens::report::aggregate_senders_to_json(senders_of(in, ok));
}};

const authlens::wasm::register_job ptr_job{
    "aggregate.ptr",
    [](std::string_view input, const json& req) -> authlens::result<std::unique_ptr<authlens::dns::job>> {
      json in = json::parse(input, nullptr, false);
      auto it = in.is_object() ? in.find("sources") : in.end();
      if (!in.is_object() || it == in.end() || !it->is_array())
        return authlens::error{"aggregate.input.invalid", "expected {\"sources\": [{\"ip\", \"messages\"}]}"};
      authlens::aggregate::summary s;
      for (const auto& x : *it) {
        if (s.sources.size() >= 1000) break;
        if (!x.is_object()) continue;
        authlens::aggregate::source src;
        src.ip = authlens::wasm::str_member(x, "ip").substr(0, 100);
        if (auto m = x.find("messages"); m != x.end() && m->is_number_unsigned()) src.messages = m->get<std::uint64_t>();
        if (!src.ip.empty()) s.sources.push_back(std::move(src));
      }
      authlens::aggregate::ptr_options opt;
      if (auto m = req.find("max_sources"); m != req.end() && m->is_number_integer()) {
        auto n = m->get<std::int64_t>();
        opt.max_sources = static_cast<std::size_t>(n < 1 ? 1 : n > 1000 ? 1000 : n);
      }
      if (auto f = req.find("forward_confirm"); f != req.end() && f->is_boolean()) opt.forward_confirm = f->get<bool>();
      if (auto f = req.find("providers"); f != req.end() && f->is_boolean()) opt.providers = f->get<bool>();
      auto job = std::make_unique<authlens::aggregate::ptr_lookup>(s, opt, authlens::wasm::job_options_from(req));
      job->evaluate();  // the factory evaluates once (wasm/registry.hpp)
      return std::unique_ptr<authlens::dns::job>(std::move(job));
    },
    authlens::wasm::serialise_with<authlens::aggregate::ptr_lookup>(&authlens::report::to_json)};

}  // namespace
