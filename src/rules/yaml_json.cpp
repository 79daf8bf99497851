#include "rules/yaml_json.hpp"

#include <re2/re2.h>

namespace tplguard::rules {
namespace {

nlohmann::ordered_json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  static const RE2 integer("[-+]?[0-9]+");
  static const RE2 real("[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");
  if (RE2::FullMatch(s, integer)) {
    try {
      return std::stoll(s);
    } catch (const std::exception&) {
      return s;  // out of range: keep the text
    }
  }
  if (RE2::FullMatch(s, real)) return std::stod(s);
  return s;
}

// Aliases can make a small file expand without bound: the conversion is charged per node.
nlohmann::ordered_json convert(const yaml::Node& node, int depth, size_t& budget) {
  if (depth > 64) throw yaml::Exception(node.Mark(), "nesting too deep");
  if (budget == 0) throw yaml::Exception(node.Mark(), "too many nodes (alias expansion?)");
  --budget;
  switch (node.Type()) {
    case yaml::NodeType::Null:
    case yaml::NodeType::Undefined: return nullptr;
    case yaml::NodeType::Scalar:
      if (node.plain()) return plain_scalar(node.Scalar());
      return node.Scalar();
    case yaml::NodeType::Sequence: {
      auto out = nlohmann::ordered_json::array();
      for (const auto& item : node) out.push_back(convert(item, depth + 1, budget));
      return out;
    }
    case yaml::NodeType::Map: {
      auto out = nlohmann::ordered_json::object();
      for (const auto& kv : node) out[kv.first.as<std::string>()] = convert(kv.second, depth + 1, budget);
      return out;
    }
  }
  return nullptr;
}

}  // namespace

nlohmann::ordered_json yaml_to_json(const yaml::Node& node) {
  size_t budget = 100000;
  return convert(node, 0, budget);
}

}  // namespace tplguard::rules
