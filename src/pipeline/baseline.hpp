#pragma once
// Baselines: adopt tplguard on a repository without fixing every old template first.
//
// `--write-baseline FILE` records the current findings; `--baseline FILE` hides exactly those
// and shows new ones. An entry is keyed by file (relative to the baseline's directory), rule
// and the finding's fingerprint, which holds the template's canonical content and never a
// line number: adding, moving or editing other templates leaves an entry matching. Entries
// that match no finding any more are stale (the template was fixed or changed) and reported.
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tplguard/model.hpp"

namespace tplguard::pipeline {

class BaselineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BaselineEntry {
  std::string file;  // relative to the baseline's directory, '/'-separated
  std::string rule;
  std::string fingerprint;
  std::string field, message;  // for people reading the file; not part of the key
};

struct Baseline {
  std::string path;
  std::vector<BaselineEntry> entries;
};

// Throws BaselineError naming the file (and line, for malformed JSON).
Baseline read_baseline(const std::string& path);

// Hides the findings a baseline holds, one finding per entry (a multiset), as they stream by:
// lint and check apply it to a whole report, the audit to each batch and its set findings.
class BaselineMatcher {
 public:
  explicit BaselineMatcher(Baseline baseline);
  ~BaselineMatcher();
  BaselineMatcher(BaselineMatcher&&) noexcept;
  // True (and the entry used up) when an unused entry matches the finding's file, rule and
  // fingerprint.
  bool hides(const Finding& f);
  bool hides(const std::string& file, const std::string& rule, const std::string& fingerprint);
  // The entries that matched nothing, in the file's order.
  std::vector<BaselineEntry> stale() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The entries of a baseline being written, collected as findings stream by.
class BaselineRecorder {
 public:
  explicit BaselineRecorder(std::string path);
  void add(const Finding& f);
  void add(const std::string& file, const std::string& rule, const std::string& fingerprint, const std::string& field,
           const std::string& message);
  // Writes the baseline (sorted) to `out`; the caller owns the file and checks the write.
  // Returns what was written, to apply without reading the file back (it may be a FIFO).
  Baseline write(std::ostream& out);

 private:
  std::string path_;
  std::string dir_;
  std::vector<BaselineEntry> entries_;
};

// Writes to `out` the baseline of `findings`, for a file at `path` (entries name files
// relative to its folder). The caller owns the file and checks the write (io::OutputFile).
// Returns what was written, to apply without reading the file back (it may be a FIFO).
Baseline write_baseline(std::ostream& out, const std::string& path, const std::vector<Finding>& findings);

struct AppliedBaseline {
  size_t hidden = 0;                  // findings the baseline held
  std::vector<BaselineEntry> stale;   // entries that matched nothing
};

// Removes from `findings` those the baseline holds.
AppliedBaseline apply_baseline(const Baseline& baseline, std::vector<Finding>& findings);

}  // namespace tplguard::pipeline
