#pragma once
// Which files a list of command-line paths names: the directory walk.
#include <string>
#include <vector>

#include "io/template_reader.hpp"

namespace tplguard::io {

// Expands files and directories (recursively, symlinked directories not followed) into the
// list of files to read: sorted by path, each file once (the same device and inode reached
// by two paths is kept under the first), so the order and overlap of `paths` do not change
// what is read. Problems go to `errors`, in path order. A directory gives the files of
// `formats` (by extension); a file named explicitly is always kept.
std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                       std::vector<InputError>& errors,
                                       const std::vector<Format>& formats = {Format::yaml, Format::json,
                                                                             Format::jsonl, Format::csv});

}  // namespace tplguard::io
