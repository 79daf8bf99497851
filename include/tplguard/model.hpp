#pragma once
// tplguard's data model: templates as read from a file, with where each value came from,
// and the findings the engine reports about them.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tplguard {

// A problem with the input itself (unreadable file, invalid UTF-8, malformed YAML or JSON,
// a template without a title, ...), as opposed to a finding about a template: what is wrong
// and where. Readers make them; every command reports them and exits 2.
struct InputError {
  std::string file;
  uint32_t line = 0;    // 1-based; 0 when the problem is the file as a whole
  uint32_t column = 0;  // 1-based code points; 0 when unknown
  std::string message;  // English, says what is wrong
};

enum class Level { info = 0, warning = 1, error = 2 };
const char* to_string(Level level);
std::optional<Level> parse_level(std::string_view s);

// The kinds of template the review rules are applied to; each has its own levels.
enum class Profile { miniprogram = 0, subscribe = 1, official_account = 2 };
inline constexpr int kProfileCount = 3;
const char* to_string(Profile profile);
// Accepts profile names and the corpus' `kind` names (miniprogram-template, ...).
std::optional<Profile> parse_profile(std::string_view s);

// Whether WeChat has already approved a template, and what says so (Template::origin()).
// An approved template is live: what today's review would reject is a warning on it, never
// an error (LintOptions::judge_approved_as_proposals turns that off). A proposal is judged
// at full strength.
enum class Origin : uint8_t {
  proposal = 0,     // nothing says WeChat has seen it
  library_id = 1,   // it carries a library id: AT0002, OPENTM..., TM..., a subscribe tid
  template_id = 2,  // it carries an account's template id (template_id, priTmplId)
  api_answer = 3,   // a management API answer lists it (template/list, gettemplate, ...)
};
const char* to_string(Origin origin);  // proposal, library-id, template-id, api-answer

// A position in a file: 1-based line, 1-based column in Unicode code points and in UTF-16
// code units.
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t column_utf16 = 0;
};

// A file's text with a line index, so byte offsets can be turned into line and columns.
// It may hold a window of a larger file (a streamed chunk of JSONL or CSV): `text` then starts
// at line `first_line` and byte `base_offset` of the file; offsets given to and returned by
// the methods are relative to `text`, line numbers are the file's.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text, uint32_t first_line = 1, uint64_t base_offset = 0);
  // Line and columns of a byte offset; cheap even on a 100 MB line (checkpoints every 512 bytes).
  Position position(size_t offset) const;
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  uint32_t first_line() const { return first_line_; }
  uint64_t base_offset() const { return base_offset_; }
  // 1-based line of a byte offset, and the byte offset where that line starts.
  uint32_t line_of(size_t offset) const;
  size_t line_start(uint32_t line) const;
  std::string_view line_text(uint32_t line) const;  // without the line break

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
  uint32_t first_line_ = 1;
  uint64_t base_offset_ = 0;
  // Every kCheckpointBytes: code points and UTF-16 units from the start of the line.
  struct Checkpoint {
    size_t offset;
    uint64_t cps, u16;
  };
  std::vector<Checkpoint> checkpoints_;
};

// A string value and where its characters are in the source file.
struct SourceText {
  std::string value;
  // Byte offset of the value's token (a quote for quoted scalars) in the file, or -1.
  int64_t token_offset = -1;
  // Byte offset of value[0] in the file when the value appears verbatim there (no escapes,
  // one line), so a character range inside it maps to exact columns; -1 otherwise.
  int64_t verbatim_offset = -1;
};

struct Keyword {
  SourceText name;
  std::optional<SourceText> example;  // nullopt: no example given
  std::string field;                  // placeholder key in content, e.g. keyword1, thing2
  std::optional<int64_t> library_keyword_id;
};

struct Template {
  SourceText title;
  std::optional<std::vector<Keyword>> keywords;  // nullopt: the source gives no keywords
  std::optional<Profile> profile;                // from the record (kind/profile), if any
  std::string library_id;                        // AT0002, OPENTM..., a subscribe tid
  std::string template_id;                       // template_id / priTmplId
  std::shared_ptr<const SourceFile> source;      // may be null for in-memory templates
  size_t index = 0;                              // 0-based position in its file / input
  int64_t record_offset = -1;                    // byte offset of the record in the file
  // Set by the readers when a management API answer lists the template (template/list,
  // gettemplate, get_all_private_template, library/list, getpubtemplatetitles, ...).
  bool from_api_answer = false;

  // The one place that decides whether WeChat approved the template: an API answer listing
  // it, else a template id, else a library id (blank ids do not count); else a proposal.
  Origin origin() const;
  bool approved() const { return origin() != Origin::proposal; }
};

struct Location {
  std::string file;  // empty for in-memory input
  Position begin;    // line 0 = unknown
  Position end;      // exclusive
  int64_t byte_begin = -1, byte_end = -1;
};

struct Fix {
  std::string field;        // the field whose whole value is replaced
  std::string replacement;  // the suggested value
};

struct Finding {
  std::string rule;     // stable id, e.g. title-suffix
  Level level = Level::error;
  std::string message_zh, message_en;
  std::string clause;   // 审核说明 clause, e.g. "1.3", or "API"
  std::optional<int> errcode;  // the API error the finding prevents, if any
  std::string field;    // title, keywords[2].name, keywords[0].example
  size_t index = 0;     // 0-based position of the template in its file
  // The offending characters: code points [value_begin, value_end) of the field's value.
  uint32_t value_begin = 0, value_end = 0;
  Location location;
  std::optional<Fix> fix;
  // For set-level findings: the other template involved (file:line and title).
  std::string related;
  // The ids of the template the finding is on, when its input gives them: template_id or
  // priTmplId, and the library id (AT..., OPENTM..., a subscribe tid); empty otherwise.
  // For a request body, the template_id it sends.
  std::string template_id, library_id;
  // Identifies the finding across runs and edits elsewhere in the file: a hash of the rule,
  // the kind of field, the template's canonical title (and keyword name), and the offending
  // text; never line numbers. Unique within a file (a repeat gets a `:2` suffix). Used by
  // SARIF partialFingerprints, GitLab fingerprints and baselines. Empty when unknown.
  std::string fingerprint;
  // Set (to the comment's reason, possibly empty) when a `# tplguard: ignore[...]` comment
  // silences the finding; such findings are returned only with LintOptions::keep_suppressed.
  std::optional<std::string> suppressed;
  // What says the template is approved (proposal: nothing does); see Template::origin().
  Origin origin = Origin::proposal;
  // Set when the level was lowered because the template is approved: the level the rule
  // gave (error). The message then says the template would not pass review today.
  std::optional<Level> capped_from;

  const std::string& message(bool chinese) const { return chinese ? message_zh : message_en; }
};

}  // namespace tplguard
