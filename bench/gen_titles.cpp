// tplguard-gen-titles: writes N realistic templates for the audit's benchmarks.
//   tplguard-gen-titles N [--seed S] [--format jsonl|csv] [--titles-only] [--source DIR]
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "title_generator.hpp"

int main(int argc, char** argv) {
  using namespace tplguard::bench;
  if (argc < 2) {
    std::fprintf(stderr, "usage: tplguard-gen-titles N [--seed S] [--format jsonl|csv] [--titles-only] [--source DIR]\n");
    return 2;
  }
  const unsigned long long n = std::strtoull(argv[1], nullptr, 10);
  GeneratorOptions o;
  o.source_dir = TPLGUARD_SOURCE_DIR;
  std::string format = "jsonl";
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seed" && i + 1 < argc) o.seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--format" && i + 1 < argc) format = argv[++i];
    else if (a == "--titles-only") o.keywords = false;
    else if (a == "--source" && i + 1 < argc) o.source_dir = argv[++i];
    else {
      std::fprintf(stderr, "tplguard-gen-titles: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (format != "jsonl" && format != "csv") {
    std::fprintf(stderr, "tplguard-gen-titles: --format is jsonl or csv\n");
    return 2;
  }
  try {
    TitleGenerator gen(o);
    std::string out;
    if (format == "csv") out = o.keywords ? "title,keywords,kind\n" : "title\n";
    for (unsigned long long i = 0; i < n; ++i) {
      const GeneratedTemplate t = gen.next();
      if (format == "jsonl") {
        nlohmann::json j = {{"title", t.title}, {"kind", t.kind}};
        if (o.keywords) {
          j["keywords"] = nlohmann::json::array();
          for (const auto& [name, example] : t.keywords) j["keywords"].push_back({{"name", name}, {"example", example}});
        }
        out += j.dump();
      } else {
        auto quote = [](const std::string& s) {
          std::string q = "\"";
          for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
          return q + "\"";
        };
        out += quote(t.title);
        if (o.keywords) {
          std::string kw;
          for (const auto& [name, example] : t.keywords) kw += (kw.empty() ? "" : "|") + name + "：" + example;
          out += "," + quote(kw) + "," + t.kind;
        }
      }
      out += "\n";
      if (out.size() > (1u << 20)) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tplguard-gen-titles: %s\n", e.what());
    return 1;
  }
  return 0;
}
