#pragma once
// Reports of `tplguard audit`: a text summary, JSON, JSON Lines and one self-contained HTML
// page. Findings can number millions, so they are written one at a time (JSON text built by
// hand, not through a DOM) and the HTML page embeds at most a set number of them.
#include <array>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "tplguard/audit.hpp"
#include "report/json_writer.hpp"
#include "tplguard/model.hpp"

namespace tplguard::report {

struct AuditSummary {
  size_t files = 0;
  size_t records = 0;    // records read, bad ones included
  size_t templates = 0;  // records that became templates
  size_t repeats = 0;    // library records seen twice (same id and title)
  size_t suppressed = 0;  // findings silenced by inline comments
  size_t baselined = 0;   // findings the baseline holds (hidden)
  size_t stale_baseline = 0;  // baseline entries that matched no finding
  size_t input_errors = 0;
  size_t errors = 0, warnings = 0, infos = 0;
  std::map<std::string, std::array<size_t, 3>> by_rule;  // rule -> [info, warning, error]
  double seconds = 0;
  unsigned jobs = 1;
  bool exhaustive = false;

  void count(const Finding& f);
};

// Findings in the audit's JSON: append_finding_json (json_writer.hpp) with the title; `index`
// is the record's position across the whole input.
// The short form the HTML page embeds: rule, level, message (one language), title, the
// template's ids, file, line, column, field, index, fix (the replacement).
void append_finding_row_json(std::string& out, const Finding& f, const std::string& title, bool chinese);
void append_cluster_json(std::string& out, const Cluster& c, bool chinese);
void append_input_error_json(std::string& out, const InputError& e);
void append_summary_json(std::string& out, const AuditSummary& s, const std::vector<Cluster>& clusters);

// Text: counts per rule and level, clusters per rule, the largest clusters, input errors.
void write_audit_text(std::ostream& out, const AuditSummary& s, const std::vector<Cluster>& clusters,
                      const std::vector<InputError>& errors, bool chinese, size_t top_clusters = 10);

// The HTML page. `findings_json` is a JSON array of findings (append_finding_row_json objects)
// holding the first `shown` of them.
void write_audit_html(std::ostream& out, const AuditSummary& s, const std::vector<Cluster>& clusters,
                      const std::vector<InputError>& errors, const std::string& findings_json, size_t shown,
                      bool chinese, size_t max_clusters = 500);

}  // namespace tplguard::report
