#pragma once
// Validating a body that the io reader has parsed into its tree, with positions in `source`
// (the CLI reads whole .json/.jsonl files once and validates each record this way).
#include "io/detail.hpp"
#include "tplguard/payload.hpp"

namespace tplguard::payload {

PayloadResult validate_tree(const PayloadValidator& validator, const io::detail::Tree& tree, uint32_t root,
                            const SourceFile& source, std::string_view api, const PayloadOptions& options);

}  // namespace tplguard::payload
