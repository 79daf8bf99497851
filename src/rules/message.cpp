// Rule messages with their arguments filled in, and field paths: what the pipeline, the
// payload checks and the audit all render findings with.
#include <algorithm>
#include <string>

#include "rules/rule_kind.hpp"

namespace tplguard::rules {

std::string render_message(std::string_view message, const Args& args, bool chinese) {
  // Two passes, so the result is allocated once at its size: find the placeholders, then copy.
  auto each_piece = [&](auto&& literal, auto&& value) {
    size_t i = 0;
    for (size_t open = message.find('{'); open != std::string_view::npos; open = message.find('{', open + 1)) {
      const size_t close = message.find('}', open);
      if (close == std::string_view::npos) break;
      const std::string_view name = message.substr(open + 1, close - open - 1);
      auto it = std::find_if(args.begin(), args.end(), [&](const Arg& a) { return a.name == name; });
      if (it == args.end()) continue;  // not an argument: kept as written
      literal(message.substr(i, open - i));
      value(chinese ? it->zh : it->en);
      i = close + 1;
      open = close;
    }
    literal(message.substr(i));
  };
  size_t size = 0;
  each_piece([&](std::string_view t) { size += t.size(); }, [&](const std::string& t) { size += t.size(); });
  std::string out;
  out.reserve(size);
  each_piece([&](std::string_view t) { out.append(t); }, [&](const std::string& t) { out.append(t); });
  return out;
}

std::string FieldRef::path() const {
  switch (kind) {
    case title: return "title";
    case keyword_name: return "keywords[" + std::to_string(index) + "].name";
    case keyword_example: return "keywords[" + std::to_string(index) + "].example";
    case keywords: return "keywords";
  }
  return "title";
}

}  // namespace tplguard::rules
