// The CI jobs in docs/ work as written: their tplguard command lines run against a small
// repository and produce the reports their upload steps name.
#include "yaml/yaml.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace yaml = tplguard::yaml;

using test_support::TempDir;

namespace {

const std::string kDocs = std::string(TPLGUARD_SOURCE_DIR) + "/docs/";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

// Runs a job's command line in `dir` with TEMPLATES set, the built tplguard in place of the
// job's; returns the exit status.
int run_line(const std::string& line, const std::string& job_binary, const TempDir& dir) {
  const std::string cmd = replace_all(line, job_binary, std::string("'") + TPLGUARD_CLI + "'");
  const std::string script = (dir.path / "step.sh").string();
  std::ofstream(script) << "export TEMPLATES=templates LANG=C\n" << cmd << "\n";
  const int raw = std::system(("cd '" + dir.path.string() + "' && sh step.sh >step.out 2>&1").c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

void write_repo(const TempDir& d) {
  d.write("templates/orders.yaml", "templates:\n  - title: 订单发货提醒\n  - title: 领红包提醒\n");
  d.write("templates/legacy.json", "{\"templates\": [{\"title\": \"退款成功通知\"}]}");
}

}  // namespace

TEST_CASE("docs: the GitHub Actions workflow's steps", "[docs]") {
  const yaml::Node wf = yaml::parse_file(kDocs + "github-actions.yml");
  CHECK(wf["permissions"]["security-events"].as<std::string>() == "write");
  const yaml::Node steps = wf["jobs"]["lint-templates"]["steps"];
  REQUIRE(steps.IsSequence());
  TempDir d;
  write_repo(d);
  std::string sarif_file;
  int lint_steps = 0;
  for (const auto& step : steps) {
    if (step["uses"] && step["uses"].as<std::string>().rfind("github/codeql-action/upload-sarif", 0) == 0)
      sarif_file = step["with"]["sarif_file"].as<std::string>();
    if (!step["run"]) continue;
    const std::string run = step["run"].as<std::string>();
    if (run.find("tplguard lint") == std::string::npos) continue;
    ++lint_steps;
    const int status = run_line(run, ".tplguard-build/tplguard", d);
    if (run.find("--format sarif") != std::string::npos) {
      CHECK(status == 0);  // --exit-zero: the upload always has a report
    } else {
      CHECK(status == 1);  // the annotations step fails the job on errors
      CHECK(d.read("step.out").find("::error file=templates/orders.yaml,line=3") != std::string::npos);
    }
  }
  CHECK(lint_steps == 2);
  REQUIRE(!sarif_file.empty());
  const auto sarif = nlohmann::json::parse(d.read(sarif_file));
  CHECK(sarif["runs"][0]["results"].size() == 1);
}

TEST_CASE("docs: the GitLab CI job's script and report artifacts", "[docs]") {
  const yaml::Node job = yaml::parse_file(kDocs + "gitlab-ci.yml")["tplguard"];
  REQUIRE(job["script"].IsSequence());
  TempDir d;
  write_repo(d);
  std::string script;
  for (const auto& line : job["script"]) script += line.as<std::string>() + "\n";
  CHECK(run_line(script, "/opt/tplguard/build/tplguard", d) == 1);  // the last (text) run decides
  const std::string codequality = job["artifacts"]["reports"]["codequality"].as<std::string>();
  const std::string junit = job["artifacts"]["reports"]["junit"].as<std::string>();
  const auto issues = nlohmann::json::parse(d.read(codequality));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0]["check_name"] == "tplguard/title-marketing");
  CHECK(d.read(junit).find("<testsuite name=\"templates/orders.yaml\"") != std::string::npos);
  CHECK(job["artifacts"]["when"].as<std::string>() == "always");
}
