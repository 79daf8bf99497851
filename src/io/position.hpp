#pragma once
// The line and columns (code points and UTF-16 units) of a byte offset in a source file.
#include "tplguard/model.hpp"

namespace tplguard::io {

Position position_at(const SourceFile& source, size_t offset);

}  // namespace tplguard::io
