// libFuzzer target: the DMARC aggregate report front door — container detection, gzip, zip, the e-mail
// route, the tolerant XML reader — then merge, CSV and JSON, which must always succeed and dump (valid UTF-8);
// and the senders (group_senders: any source_ip text is named by its network), whose counts must add up.
// Small limits make the fuzzer reach the limit paths quickly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "authlens/aggregate.hpp"
#include "authlens/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  authlens::aggregate::parse_options small;
  small.max_xml_bytes = 1u << 20;
  small.max_records = 50;
  small.max_zip_entries = 8;
  small.max_defects = 20;
  small.max_repairs = 4;
  std::vector<authlens::report::aggregate_file> files;
  files.push_back({"fuzz", authlens::aggregate::parse(in, small)});
  if (files[0].parsed) {
    if (files[0].parsed->defects.size() > small.max_defects + 1) std::abort();
    if (files[0].parsed->records.size() > small.max_records) std::abort();
    std::vector<authlens::aggregate::report> reps{*files[0].parsed};
    (void)authlens::aggregate::to_csv(reps);
    authlens::aggregate::sender_options sopt;
    sopt.max_senders = 5;
    auto view = authlens::aggregate::group_senders(reps, {}, sopt);
    std::uint64_t sum = view.other_messages;
    for (const auto& s : view.senders) sum += s.messages;
    if (sum != view.messages || view.senders.size() > sopt.max_senders) std::abort();
    (void)authlens::aggregate::to_csv(view);
    (void)authlens::report::aggregate_senders_to_json(view).dump();
  }
  (void)authlens::report::aggregate_to_json(files).dump();
  return 0;
}
