// The tplguard command line. The library never prints or exits; the CLI does.
// Exit status: 0 clean, 1 findings at the failing level, 2 usage, config, input or write error.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <new>

#include "cli/common.hpp"
#include "io/output_file.hpp"
#include "report/format_util.hpp"

namespace {

int run(int argc, char** argv) {
  using namespace tplguard::cli;
  using tplguard::report::detail::Printable;
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
  } catch (const tplguard::io::OutputError& e) {
    std::cerr << "tplguard: " << Printable{e.what()} << "\n";
  } catch (const std::bad_alloc&) {
    std::cerr << "tplguard: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "tplguard: internal error: " << Printable{e.what()} << "\n";
  }
  return kExitBad;
}

}  // namespace

int main(int argc, char** argv) {
  // A file-size limit (ulimit -f) then fails the write with EFBIG, which is reported,
  // instead of killing the process with SIGXFSZ. SIGPIPE keeps its default: `| head` ends
  // the run quietly, as for any filter; with SIGPIPE ignored, EPIPE is a write error.
  ::signal(SIGXFSZ, SIG_IGN);
  // A descriptor 0, 1 or 2 that was closed would be the next file opened (the audit's
  // spool, a report), and writes meant for standard output would land in it. Holding it
  // on /dev/null, read-only, makes those writes fail (EBADF) and be reported.
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      const int held = ::open("/dev/null", O_RDONLY);
      if (held >= 0 && held != fd) ::close(held);  // cannot happen: open takes the lowest free number
    }
  tplguard::io::remove_temporary_files_on_signals();
  // Everything printed on standard output goes through one checked buffer.
  tplguard::io::FdStreamBuf out(STDOUT_FILENO);
  std::streambuf* const standard = std::cout.rdbuf(&out);
  int status = run(argc, argv);
  std::cout.flush();
  std::cout.rdbuf(standard);  // `out` ends with main; the stream outlives it
  out.flush_all();
  int err = out.error();
  // close() reports what a delayed write could not do (NFS, some FUSE file systems).
  if (::close(STDOUT_FILENO) != 0 && err == 0 && errno != EBADF && errno != EINTR) err = errno;
  if (err != 0) {
    std::cerr << "tplguard: standard output: cannot write: " << std::strerror(err) << "\n";
    status = tplguard::cli::kExitBad;
  }
  return status;
}
