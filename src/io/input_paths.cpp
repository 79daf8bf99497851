// The directory walk: the files and directories named on a command line become the sorted,
// de-duplicated list of files to read (io/input_paths.hpp).
#include "io/input_paths.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <set>
#include <system_error>

namespace tplguard::io {

namespace {

const char* special_file_kind(std::filesystem::file_type t) {
  switch (t) {
    case std::filesystem::file_type::fifo: return "a FIFO";
    case std::filesystem::file_type::socket: return "a socket";
    case std::filesystem::file_type::block: return "a block device";
    case std::filesystem::file_type::character: return "a character device";
    default: return "of an unknown type";
  }
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                       std::vector<InputError>& errors, const std::vector<Format>& formats) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  auto error = [](std::vector<InputError>& to, const std::string& path, const std::error_code& ec) {
    to.push_back(InputError{path, 0, 0, "cannot read: " + ec.message()});
  };
  auto wanted = [&](const fs::path& p) {
    const auto f = format_for_path(p.string());
    return f && std::find(formats.begin(), formats.end(), *f) != formats.end();
  };
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);  // follows a symlink given by the user
    if (st.type() == fs::file_type::not_found) {
      error(errors, path, std::make_error_code(std::errc::no_such_file_or_directory));
      continue;
    }
    if (ec) {
      error(errors, path, ec);
      continue;
    }
    if (!fs::is_directory(st)) {
      out.push_back(path);  // a file named explicitly is read whatever its extension
      continue;
    }
    // Walk with an explicit stack; symlinked directories are not followed, so links that
    // loop back cannot make the walk endless.
    std::vector<std::string> found;
    std::vector<InputError> walk_errors;
    std::vector<fs::path> pending{fs::path(path)};
    while (!pending.empty()) {
      fs::path dir = std::move(pending.back());
      pending.pop_back();
      fs::directory_iterator it(dir, ec);
      if (ec) {
        error(walk_errors, dir.string(), ec);
        continue;
      }
      for (; it != fs::directory_iterator(); it.increment(ec)) {
        const fs::path& entry = it->path();
        std::error_code entry_ec;
        fs::file_status own = it->symlink_status(entry_ec);
        if (entry_ec) {
          if (wanted(entry)) error(walk_errors, entry.string(), entry_ec);
          continue;
        }
        if (fs::is_directory(own)) {
          pending.push_back(entry);
          continue;
        }
        if (!wanted(entry)) continue;
        // What a link points to decides; a dangling link is kept, so reading it reports it.
        fs::file_status target = own;
        if (fs::is_symlink(own)) {
          target = fs::status(entry, entry_ec);
          if (target.type() == fs::file_type::not_found) {
            found.push_back(entry.string());
            continue;
          }
          if (entry_ec) {  // a link loop, a directory on the way we may not search
            error(walk_errors, entry.string(), entry_ec);
            continue;
          }
          if (fs::is_directory(target)) continue;  // not followed: links may loop back
        }
        if (fs::is_regular_file(target)) {
          found.push_back(entry.string());
        } else {
          // A FIFO would block the run and a device is no template file: reported, not read.
          walk_errors.push_back(InputError{entry.string(), 0, 0, std::string("not a regular file (") +
                                                                     special_file_kind(target.type()) + "): not read"});
        }
      }
      if (ec) error(walk_errors, dir.string(), ec);
    }
    out.insert(out.end(), found.begin(), found.end());
    std::sort(walk_errors.begin(), walk_errors.end(),
              [](const InputError& a, const InputError& b) { return a.file < b.file; });
    for (auto& e : walk_errors) errors.push_back(std::move(e));
  }
  // One canonical list whatever the order and overlap of the arguments: sorted by path, and
  // each file once (by device and inode, so a file named twice, inside a directory also
  // named, linked or hard-linked is read once, under its first path). Set rules report a
  // title against an earlier one, so the order of the files is part of the result.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  std::set<std::pair<dev_t, ino_t>> seen;
  std::erase_if(out, [&](const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;  // reading it reports the problem
    return !seen.emplace(st.st_dev, st.st_ino).second;
  });
  return out;
}


}  // namespace tplguard::io
