#pragma once
// Running the built tplguard binary in a scratch directory, for CLI tests.
#include <sys/wait.h>
#include <unistd.h>

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
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    static int n = 0;
    path = std::filesystem::temp_directory_path() /
           ("tplguard-cli-payload-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = path / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  Run run(const std::string& args) const {
    const std::string out = (path / "stdout").string(), err = (path / "stderr").string();
    const std::string cmd = "cd '" + path.string() + "' && LANG=C '" + TPLGUARD_CLI + "' " + args + " >'" + out +
                            "' 2>'" + err + "'";
    const int raw = std::system(cmd.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(out), read_file(err)};
  }
};

}  // namespace test_support
