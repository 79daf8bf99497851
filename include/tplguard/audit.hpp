#pragma once
// Auditing existing templates at scale: every per-template rule on each template, and
// title-duplicate / title-similar across the whole input, reported as findings and as
// clusters. Templates are added in batches (streamed input); only what the title join needs
// is kept between batches (the title, its canonical key and stem, where it is).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tplguard/tplguard.hpp"

namespace tplguard {

struct AuditOptions {
  // As for Engine::lint: profile, select, ignore, levels, options_for (per-path settings),
  // inline suppressions, judge_approved_as_proposals. Set rules always run across the whole
  // input (set_rules is not used); whether they run at all follows these options.
  LintOptions lint;
  unsigned jobs = 0;        // worker threads; 0: all cores
  bool exhaustive = false;  // compare every pair of titles instead of the index join
};

struct ClusterMember {
  size_t index = 0;  // 0-based record position across the whole input
  std::string file;
  uint32_t line = 0;
  std::string title;
  std::string template_id, library_id;  // when the input gives them
  // How the member relates to the representative (empty for the representative itself).
  std::string reason_zh, reason_en;
};

struct Cluster {
  std::string rule;                    // title-duplicate or title-similar
  std::vector<ClusterMember> members;  // in input order
  size_t representative = 0;           // position in members
  std::string reason_zh, reason_en;
};

class Auditor {
 public:
  Auditor(std::shared_ptr<const Engine> engine, AuditOptions options);
  ~Auditor();
  Auditor(const Auditor&) = delete;
  Auditor& operator=(const Auditor&) = delete;

  // Runs the per-template rules on `batch` (in parallel) and keeps its titles for the join.
  // Each template's `index` must be its position across the whole input, increasing from
  // batch to batch. Findings are appended to `findings` in input order.
  void add(const std::vector<Template>& batch, std::vector<Finding>& findings);

  // Joins the titles of everything added: set-level findings and clusters. `progress` gets
  // (done, total) work units while the join runs.
  void finish(const std::function<void(uint64_t, uint64_t)>& progress = {});

  // After finish(): set-level findings, sorted by index then rule, rendered on demand so a
  // million of them need not sit in memory at once.
  size_t set_finding_count() const;
  size_t set_finding_index(size_t i) const;
  Finding set_finding(size_t i) const;
  std::string set_finding_title(size_t i) const;  // the title the finding is about
  // What a baseline matches set finding i by (its Finding's location.file and fingerprint).
  const std::string& set_finding_file(size_t i) const;
  std::string set_finding_fingerprint(size_t i) const;
  const std::string& set_finding_rule(size_t i) const;
  Level set_finding_level(size_t i) const;
  const std::vector<Cluster>& clusters() const;

  size_t templates() const;  // templates added
  size_t repeats() const;    // records that repeat a library id and title (see docs/audit.md)
  // Findings silenced by `# tplguard: ignore[...]` comments (LintOptions::inline_suppressions),
  // set-level ones counted once finish() ran.
  size_t suppressed() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tplguard
