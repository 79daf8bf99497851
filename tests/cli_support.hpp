#pragma once
// Running the built tplguard command in a scratch directory, for tests of the CLI.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "support.hpp"

namespace test_support {

struct Run {
  int status;
  std::string out, err;
};

// A fresh directory per test case, removed afterwards.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("tplguard-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = path / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string read(const std::string& name) const { return read_file((path / name).string()); }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

// Runs `tplguard ARGS` in `dir` (or in dir/subdir), in English.
inline Run run(const std::string& args, const TempDir& dir, const std::string& subdir = "") {
  const std::string out = (dir.path / "stdout").string(), err = (dir.path / "stderr").string();
  const std::string cwd = subdir.empty() ? dir.path.string() : (dir.path / subdir).string();
  const std::string cmd = "cd '" + cwd + "' && LANG=C '" + TPLGUARD_CLI + "' " + args + " >'" + out + "' 2>'" + err + "'";
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(out), read_file(err)};
}

}  // namespace test_support
