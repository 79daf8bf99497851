#pragma once
// Running the tplguard binary from tests: a scratch directory and a run with its exit
// status, stdout and stderr.
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support.hpp"

namespace cli_support {

namespace fs = std::filesystem;


struct Run {
  int status;
  std::string out, err;
};

// A fresh directory per test case, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("tplguard-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

inline Run run(const std::string& args, const TempDir& dir) {
  const std::string out = (dir.path / "stdout").string(), err = (dir.path / "stderr").string();
  const std::string cmd = "cd '" + dir.path.string() + "' && LANG=C '" + TPLGUARD_CLI + "' " + args + " >'" + out +
                          "' 2>'" + err + "'";
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, test_support::read_file(out), test_support::read_file(err)};
}


}  // namespace cli_support
