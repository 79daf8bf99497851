#pragma once
// YAML data written in rule packs (request bodies in examples and API specs) as JSON.
// Plain scalars are resolved the YAML 1.2 core way (null, true/false, integers, floats,
// else strings); quoted scalars are always strings, so `"123"` stays a string.
#include "yaml/yaml.hpp"

#include <nlohmann/json.hpp>

namespace tplguard::rules {

// Throws yaml::Exception (with the node's mark) on aliases that nest too deeply.
nlohmann::ordered_json yaml_to_json(const yaml::Node& node);

}  // namespace tplguard::rules
