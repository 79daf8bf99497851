// The audit's spool keeps every record, in order, on disk or in memory, and merge_by_index
// interleaves it with the set-level findings by record index (spooled first on a tie).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "audit/finding_spool.hpp"
#include "io/output_file.hpp"

using tplguard::audit::FindingSpool;

namespace {

std::vector<std::string> merged(FindingSpool& spool, const std::vector<uint64_t>& later_index,
                                const std::vector<std::string>& later_text, size_t stop_after = 1000) {
  std::vector<std::string> out;
  tplguard::audit::merge_by_index(
      spool, later_index.size(), [&](size_t j) { return later_index[j]; },
      [&](size_t j) -> const std::string& { return later_text[j]; },
      [&](const std::string& s) {
        out.push_back(s);
        return out.size() < stop_after;
      });
  return out;
}

void fill(FindingSpool& spool) {
  std::string block;
  FindingSpool::record(block, 0, "a0");
  FindingSpool::record(block, 2, "");  // an empty text is a record too
  FindingSpool::record(block, 2, "a2");
  spool.add_records(block);
  block.clear();
  FindingSpool::record(block, 5, std::string(100000, 'x'));
  spool.add_records(block);
}

}  // namespace

TEST_CASE("FindingSpool: records come back in order, merged with later findings by index", "[audit]") {
  for (const char* tmpdir : {"", "/nonexistent-dir-for-the-spool"}) {
    // A TMPDIR that does not exist leaves the spool in memory: the same records either way.
    INFO("TMPDIR=" << tmpdir);
    const char* old = std::getenv("TMPDIR");
    const std::string saved = old ? old : "";
    if (*tmpdir) setenv("TMPDIR", tmpdir, 1);
    FindingSpool spool;
    if (*tmpdir) {
      if (old) setenv("TMPDIR", saved.c_str(), 1);
      else unsetenv("TMPDIR");
    }
    fill(spool);
    const auto all = merged(spool, {1, 2, 9}, {"s1", "s2", "s9"});
    REQUIRE(all == std::vector<std::string>{"a0", "s1", "", "a2", "s2", std::string(100000, 'x'), "s9"});
    // Read twice: rewind starts again; a sink that stops ends the merge.
    REQUIRE(merged(spool, {1}, {"s1"}, 2) == std::vector<std::string>{"a0", "s1"});
    REQUIRE(merged(spool, {}, {}).size() == 4);
    spool.check();
  }
  FindingSpool empty;
  REQUIRE(merged(empty, {3}, {"s3"}) == std::vector<std::string>{"s3"});
}
