#pragma once
// The audit's spool: per-template findings, already rendered, wait here (in a temporary file,
// or in memory when there is none) while the set-level findings are computed, and are then
// merged with them by record index, so a million findings need not sit in memory.
#include <cstdint>
#include <cstdio>
#include <string>

namespace tplguard::audit {

// Records of (record index, text), read back in the order they were added.
class FindingSpool {
 public:
  // In TMPDIR (tmpfile() would ignore it), removed from its folder at once: nothing is
  // left behind, whatever ends the run.
  FindingSpool();
  ~FindingSpool();
  FindingSpool(const FindingSpool&) = delete;
  FindingSpool& operator=(const FindingSpool&) = delete;

  // Appends one record (index, text) to `out`, in the spool's format: records are built in
  // parallel and added in order.
  static void record(std::string& out, uint64_t index, const std::string& text);
  // Appends records made with record().
  void add_records(const std::string& records);
  // Starts reading from the first record. Throws io::OutputError when a write failed.
  void rewind();
  // The next record, or false at the end. Throws io::OutputError when a read failed.
  bool next(uint64_t& index, std::string& text);
  // Throws io::OutputError when a write to or read from the spool failed.
  void check() const;

 private:
  std::FILE* file_ = nullptr;
  int error_ = 0;  // errno of the first failed write or read
  std::string memory_;
  size_t read_at_ = 0;
};

// Hands `sink` the spooled records and `count` later ones (later j: its record index
// `index_of(j)`, its text `text_of(j)`, j in increasing index order) merged by record index,
// a spooled record first on a tie, until `sink` returns false.
template <class IndexOf, class TextOf, class Sink>
void merge_by_index(FindingSpool& spool, size_t count, IndexOf index_of, TextOf text_of, Sink sink) {
  spool.rewind();
  uint64_t index = 0;
  std::string spooled;
  bool have = spool.next(index, spooled);
  size_t j = 0;
  while (have || j < count) {
    if (have && (j >= count || index <= index_of(j))) {
      if (!sink(spooled)) return;
      have = spool.next(index, spooled);
    } else if (!sink(text_of(j++))) {
      return;
    }
  }
}

}  // namespace tplguard::audit
