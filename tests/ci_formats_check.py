#!/usr/bin/python3
"""Runs the built tplguard on fixtures and checks every CI format against what reads it.

- sarif: valid against the SARIF 2.1.0 schema (formats such as uri-reference checked too);
  every result's rule in tool.driver.rules at its ruleIndex, every rule documented; columnKind
  explicit; regions cover the offending characters in the declared unit; partialFingerprints
  identical across runs and after edits elsewhere in the file; input errors as notifications.
- gitlab: valid against tests/schemas/gitlab-codequality.schema.json; fingerprints unique.
- junit, checkstyle: well-formed XML with the expected structure and counts.
- github: one workflow command per line, properties escaped.

Usage: ci_formats_check.py TPLGUARD SOURCE_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET

try:
    import jsonschema
except ImportError:
    sys.exit("python3-jsonschema is missing (scripts/quickstart.sh installs it)")

TPLGUARD, SOURCE_DIR = sys.argv[1], sys.argv[2]
SCHEMAS = os.path.join(SOURCE_DIR, "tests", "schemas")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAILED:", what)


def run(args, cwd, expect=None):
    p = subprocess.run([TPLGUARD] + args, cwd=cwd, capture_output=True, env=dict(os.environ, LANG="C"))
    if expect is not None:
        check(p.returncode == expect, f"tplguard {' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stderr.decode()}")
    return p.stdout.decode("utf-8"), p.returncode


def write(root, name, text):
    path = os.path.join(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def load_schema(name):
    with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
        return json.load(f)


SARIF_SCHEMA = load_schema("sarif-schema-2.1.0.json")
GITLAB_SCHEMA = load_schema("gitlab-codequality.schema.json")
FORMATS = jsonschema.FormatChecker()
check("uri-reference" in FORMATS.checkers, "uri-reference format checking needs python3-rfc3987")


def schema_errors(doc, schema):
    cls = jsonschema.validators.validator_for(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in cls(schema, format_checker=FORMATS).iter_errors(doc)]


def validate_sarif(text, what):
    doc = json.loads(text)
    errors = schema_errors(doc, SARIF_SCHEMA)
    check(not errors, f"{what}: SARIF schema errors: {errors[:5]}")
    run_ = doc["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    check(run_.get("columnKind") in ("unicodeCodePoints", "utf16CodeUnits"), f"{what}: columnKind missing")
    for r in rules:
        for key in ("shortDescription", "fullDescription", "help", "defaultConfiguration"):
            check(key in r, f"{what}: rule {r['id']} lacks {key}")
        check("clause" in r.get("properties", {}), f"{what}: rule {r['id']} lacks properties.clause")
    for res in run_["results"]:
        i = res.get("ruleIndex")
        check(i is not None and rules[i]["id"] == res["ruleId"], f"{what}: ruleIndex of {res['ruleId']}")
        check("tplguardFinding/v1" in res.get("partialFingerprints", {}), f"{what}: fingerprint missing")
    return doc


def results_by_rule(doc):
    out = {}
    for r in doc["runs"][0]["results"]:
        out.setdefault(r["ruleId"], []).append(r)
    return out


def region_text(root, result, unit):
    """The characters a result's region covers, read by columns in the declared unit."""
    loc = result["locations"][0]["physicalLocation"]
    path = os.path.join(root, urllib.parse.unquote(loc["artifactLocation"]["uri"]))
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    reg = loc["region"]
    line = lines[reg["startLine"] - 1]
    check(reg["endLine"] == reg["startLine"], "single-line region expected")
    if unit == "utf16CodeUnits":
        units = line.encode("utf-16-le")
        return units[(reg["startColumn"] - 1) * 2:(reg["endColumn"] - 1) * 2].decode("utf-16-le")
    return line[reg["startColumn"] - 1:reg["endColumn"] - 1]


with tempfile.TemporaryDirectory() as root:
    # An emoji before 红包 makes code-point and UTF-16 columns differ; a file name with CJK
    # characters and a space needs percent-encoding in the SARIF URI.
    tpl = "templates:\n  - title: 🎉领红包提醒\n  - title: 订单发货\n    keywords:\n      - {name: 内容, example: 你好}\n"
    write(root, "templates/订单 模板.yaml", tpl)
    write(root, "templates/more.jsonl", '{"title": "\\ud83c\\udf89\\u9886\\u7ea2\\u5305\\u63d0\\u9192"}\n')
    write(root, "templates/bad.json", '{"templates": [{"title": 1}, {"title": "ok提醒"},]}')
    write(root, "clean/ok.yaml", "templates:\n  - title: 退款成功通知\n    keywords: [{name: 退款金额, example: 100元}]\n")
    write(root, "custom.yaml", "custom-rules:\n  - {id: no-digits, kind: pattern, target: title, level: warning,"
                               " message: 'digits: {match}', params: {pattern: '[0-9]+'}}\n")

    # SARIF in both column units and both languages, with findings and input errors.
    for unit_flag, unit in (([], "unicodeCodePoints"), (["--columns", "utf16"], "utf16CodeUnits")):
        for lang in ("en", "zh"):
            text, _ = run(["lint", "templates", "--format", "sarif", "--lang", lang] + unit_flag, root, expect=2)
            doc = validate_sarif(text, f"sarif {unit} {lang}")
            run_ = doc["runs"][0]
            check(run_["columnKind"] == unit, f"columnKind {run_['columnKind']} != {unit}")
            check(run_["invocations"][0]["executionSuccessful"] is False, "input errors must fail the invocation")
            notes = run_["invocations"][0].get("toolExecutionNotifications", [])
            check(any("bad.json" in json.dumps(n) for n in notes), "bad.json missing from notifications")
            marketing = results_by_rule(doc)["title-marketing"]
            yaml_hit = [r for r in marketing if "yaml" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
            check(len(yaml_hit) == 1, "one title-marketing result in the YAML file")
            check(region_text(root, yaml_hit[0], unit) == "红包", f"region covers {region_text(root, yaml_hit[0], unit)!r}, not 红包")
            uri = yaml_hit[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            check(uri == "templates/%E8%AE%A2%E5%8D%95%20%E6%A8%A1%E6%9D%BF.yaml", f"uri {uri}")
            jsonl_hit = [r for r in marketing if "jsonl" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
            check(len(jsonl_hit) == 1 and region_text(root, jsonl_hit[0], unit) == "\\u7ea2\\u5305",
                  "JSONL region covers the escapes of 红包")

    # A clean run: every rule is still listed, no results, successful.
    text, _ = run(["lint", "clean", "--format", "sarif"], root, expect=0)
    doc = validate_sarif(text, "sarif clean")
    check(doc["runs"][0]["results"] == [], "clean run has results")
    check(len(doc["runs"][0]["tool"]["driver"]["rules"]) >= 15, "every rule listed")
    check(doc["runs"][0]["invocations"][0]["executionSuccessful"] is True, "clean run succeeded")

    # Custom rules from a config appear in tool.driver.rules.
    text, _ = run(["lint", "templates/订单 模板.yaml", "--format", "sarif", "--config", "custom.yaml"], root, expect=1)
    doc = validate_sarif(text, "sarif custom")
    check(any(r["id"] == "no-digits" for r in doc["runs"][0]["tool"]["driver"]["rules"]), "custom rule listed")

    # Fingerprints: the same across runs, and after templates are added above and lines move.
    def prints(path):
        text, _ = run(["lint", path, "--format", "sarif"], root)
        doc = validate_sarif(text, "sarif prints")
        return {(r["ruleId"], r["message"]["text"]): r["partialFingerprints"]["tplguardFinding/v1"]
                for r in doc["runs"][0]["results"]}
    first = prints("templates/订单 模板.yaml")
    check(first == prints("templates/订单 模板.yaml"), "fingerprints differ between runs")
    write(root, "templates/订单 模板.yaml", "# moved\ntemplates:\n  - title: 积分变动提醒\n\n" + tpl.split("\n", 1)[1])
    moved = prints("templates/订单 模板.yaml")
    for key, value in first.items():
        check(moved.get(key) == value, f"fingerprint of {key} changed after an edit elsewhere")
    check(len(set(moved.values())) == len(moved), "fingerprints not unique")

    # GitLab code quality.
    text, _ = run(["lint", "templates", "--format", "gitlab"], root, expect=2)
    issues = json.loads(text)
    errors = schema_errors(issues, GITLAB_SCHEMA)
    check(not errors, f"gitlab schema errors: {errors[:5]}")
    check(len({i["fingerprint"] for i in issues}) == len(issues), "gitlab fingerprints not unique")
    check(any(i["check_name"] == "tplguard/input-error" for i in issues), "gitlab input error missing")

    # JUnit and checkstyle: well-formed, consistent.
    text, _ = run(["lint", "templates", "clean", "--format", "junit"], root, expect=2)
    suites = ET.fromstring(text)
    check(suites.tag == "testsuites", "junit root")
    total = sum(int(s.get("tests")) for s in suites.findall("testsuite"))
    check(total == int(suites.get("tests")) == len(suites.findall("testsuite/testcase")), "junit test counts")
    check(int(suites.get("failures")) == len(suites.findall("testsuite/testcase/failure")), "junit failure count")
    check(len(suites.findall("testsuite/testcase/error")) >= 1, "junit input error case")
    check(any(s.get("name") == "clean/ok.yaml" and s.get("tests") == "1" for s in suites), "junit clean suite")
    text, _ = run(["lint", "templates", "clean", "--format", "checkstyle"], root, expect=2)
    cs = ET.fromstring(text)
    check(cs.tag == "checkstyle" and len(cs.findall("file")) == 4, "checkstyle files")
    check(all(e.get("severity") in ("error", "warning", "info") for e in cs.iter("error")), "checkstyle severities")

    # GitHub workflow commands: one per line, then the summary.
    text, _ = run(["lint", "templates", "--format", "github"], root, expect=2)
    lines = text.rstrip("\n").split("\n")
    command = re.compile(r"^::(error|warning|notice) file=[^,:]+(,line=\d+)?(,endLine=\d+)?(,col=\d+)?(,endColumn=\d+)?,title=[^,:]+::.+$")
    for line in lines[:-1]:
        check(command.match(line) is not None, f"not a workflow command: {line}")
    check(lines[-1].startswith("tplguard lint: "), "summary line")

    # Control characters in a title (YAML escapes) and in a file name: the github format, read
    # as a log, carries no raw C0/C1 control, DEL or U+2028/2029; the XML and JSON formats,
    # read by parsers, no C0 control other than tab and line breaks, and still parse.
    write(root, "hostile/t.yaml", 'templates:\n  - title: "订单\\e[2J\\x01领红包\\u2028通知"\n')
    write(root, "hostile/evil\x1b[31m.yaml", "templates:\n  - title: 领红包提醒\n")
    c0 = "\x00-\x08\x0b\x0c\x0e-\x1f"
    for fmt in ("github", "junit", "checkstyle", "gitlab", "sarif", "json"):
        text, _ = run(["lint", "hostile", "--format", fmt], root, expect=1)
        forbidden = re.compile(f"[{c0}\x7f-\x9f\u2028\u2029]" if fmt == "github" else f"[{c0}]")
        check(not forbidden.search(text), f"{fmt}: a raw control character in {text!r}")
        try:
            if fmt in ("junit", "checkstyle"):
                ET.fromstring(text)
            elif fmt != "github":
                json.loads(text)
        except (ET.ParseError, ValueError) as e:
            check(False, f"{fmt} with control characters does not parse: {e}")

    # `tplguard check` shares every format: bodies in a JSONL file, two with the same fault.
    body = '{"touser": "o%s", "template_id": "%s", "data": {"thing1": {"value": "%s"}}}'
    ok_id = "x" * 43
    write(root, "payloads/bodies.jsonl", "\n".join([
        body % ("a" * 27, ok_id, "配送中"),
        body % ("a" * 27, "AT0002", "配送中"),
        body % ("b" * 27, "AT0002", "配送中"),
    ]) + "\n")
    write(root, "payloads/clean.json", body % ("a" * 27, ok_id, "已发货") + "\n")
    text, _ = run(["check", "payloads", "--api", "subscribe-send", "--format", "sarif"], root, expect=1)
    doc = validate_sarif(text, "sarif check")
    results = doc["runs"][0]["results"]
    library = [r for r in results if r["properties"].get("errcode") == 40037]
    check(len(library) == 2, f"two 40037 results, got {len(library)}")
    check(all(region_text(root, r, "unicodeCodePoints") == "AT0002" for r in library),
          "check: the region covers the template_id value")
    check(len({r["partialFingerprints"]["tplguardFinding/v1"] for r in library}) == 2,
          "check: two bodies with the same fault share a fingerprint")
    check(doc["runs"][0]["automationDetails"]["id"].startswith("tplguard/check") if "automationDetails" in doc["runs"][0]
          else True, "check: automation id")
    text, _ = run(["check", "payloads", "--api", "subscribe-send", "--format", "gitlab"], root, expect=1)
    issues = json.loads(text)
    check(not schema_errors(issues, GITLAB_SCHEMA), "check: gitlab schema")
    check(len({i["fingerprint"] for i in issues}) == len(issues), "check: gitlab fingerprints not unique")
    text, _ = run(["check", "payloads", "--api", "subscribe-send", "--format", "junit"], root, expect=1)
    suites = ET.fromstring(text)
    check(any(s.get("name") == "payloads/clean.json" and s.get("failures") == "0" for s in suites),
          "check: junit lists the clean file")
    text, _ = run(["check", "payloads", "--api", "subscribe-send", "--format", "github"], root, expect=1)
    check(text.startswith("::error file=payloads/bodies.jsonl,line=2,"), f"check: github: {text[:80]}")
    run(["check", "payloads", "--api", "subscribe-send", "--exit-zero"], root, expect=0)
    run(["check", "payloads/clean.json", "--api", "subscribe-send"], root, expect=0)
    run(["check", "payloads/clean.json", "--api", "subscribe-send", "--fail-on", "info"], root, expect=0)
    run(["check", "payloads", "--api", "subscribe-send", "--write-baseline", "base.json"], root, expect=0)
    run(["check", "payloads", "--api", "subscribe-send", "--baseline", "base.json"], root, expect=0)

print(f"{len(failures)} failed" if failures else "all format checks passed")
sys.exit(1 if failures else 0)
