// The tplguard command line. The library never prints or exits; the CLI does.
// Exit status: 0 clean, 1 findings at the failing level, 2 usage, config or input error.
#include <iostream>
#include <new>

#include "cli/common.hpp"

int main(int argc, char** argv) {
  using namespace tplguard::cli;
  CLI::App app{"tplguard: lint WeChat template and subscribe messages against the review rules, and check request bodies before they reach the API"};
  app.set_version_flag("--version", std::string("tplguard ") + TPLGUARD_VERSION_STRING);
  app.require_subcommand(1);
  std::vector<Command> commands;
  commands.push_back(add_lint_command(app));
  commands.push_back(add_audit_command(app));
  commands.push_back(add_config_command(app));
  commands.push_back(add_check_command(app));
  for (auto& c : add_rules_commands(app)) commands.push_back(std::move(c));
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBad;
  }
  try {
    for (const auto& c : commands)
      if (c.app->parsed()) return c.run();
  } catch (const std::bad_alloc&) {
    std::cerr << "tplguard: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "tplguard: internal error: " << e.what() << "\n";
  }
  return kExitBad;
}
