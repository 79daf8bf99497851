#!/usr/bin/env python3
"""Score a tplguard binary on the project's own evaluation sets (corpus/eval/).

singles.jsonl: one template per case, labelled with the rules a reviewer would cite.
pairs.jsonl:   two titles or two keyword names, labelled similar or not.

A single case is right when
  * every expected rule reports a finding at warning or error level, and no rule that is
    not expected reports at error level (a must-flag case), or
  * no rule reports at error level (a case with `expect: []`), and
  * the case carries a library_id or template_id (an approved template) and no rule at all
    reports at error level: today's objections to an approved template are warnings
    (issue 12, item 8). --lenient-ids drops this last condition.
A pair is right when the duplicate or similar rule of its field (title-duplicate/title-similar,
keyword-duplicate/keyword-similar) reports on the two-template set (for keywords: one
template holding both names) exactly when the pair is labelled similar.

Singles run in one file with the set rules (title-duplicate, title-similar) ignored, since
the cases are independent; every other rule runs. Title pairs run one pair per process (a
file's titles are all compared with each other); keyword pairs run in one file.
Python 3 standard library only.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LEVELS = {"info": 0, "warning": 1, "error": 2}
SET_RULES = ["title-duplicate", "title-similar"]
PAIR_RULES = {"title": ["title-duplicate", "title-similar"],
              "keyword": ["keyword-duplicate", "keyword-similar"]}
TEMPLATE_FIELDS = ("title", "keywords", "kind", "library_id", "template_id")
# The title of the one template that holds a keyword pair: a concrete, clean title.
KEYWORD_PAIR_TITLE = "业务办理进度通知"


def load_jsonl(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    cases.append(json.loads(line))
                except json.JSONDecodeError as e:
                    sys.exit(f"{path}:{n}: {e}")
    ids = collections.Counter(c["id"] for c in cases)
    dup = [i for i, k in ids.items() if k > 1]
    if dup:
        sys.exit(f"{path}: duplicate ids: {', '.join(dup)}")
    return cases


class Runner:
    def __init__(self, binary, rules, tmp):
        self.binary = binary
        self.rules = rules
        self.tmp = tmp
        self.count = 0
        self.lock = threading.Lock()

    def lint(self, records, extra):
        """Lint records (one JSONL line each); return findings grouped by 0-based record."""
        with self.lock:
            self.count += 1
            path = os.path.join(self.tmp, f"set{self.count}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        cmd = [self.binary, "lint", "--no-config", "--no-baseline", "--format", "json",
               "--lang", "en", "--exit-zero"]
        if self.rules:
            cmd += ["--rules", self.rules]
        cmd += extra + [path]
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
        try:
            report = json.loads(proc.stdout)
        except json.JSONDecodeError:
            sys.exit(f"tplguard gave no JSON report (exit {proc.returncode}): "
                     f"{' '.join(cmd)}\n{proc.stderr}")
        if report.get("input_errors"):
            sys.exit(f"tplguard refused input in {path}: {report['input_errors']}")
        got = report.get("summary", {}).get("templates")
        if got != len(records):
            sys.exit(f"tplguard read {got} templates from {path}, expected {len(records)}")
        out = collections.defaultdict(list)
        for f in report.get("findings", []):
            line = f.get("line")
            if not isinstance(line, int) or not 1 <= line <= len(records):
                sys.exit(f"finding without a usable line in {path}: {f}")
            out[line - 1].append((f["rule"], f["level"]))
        return out


def template_of(case):
    return {k: case[k] for k in TEMPLATE_FIELDS if k in case}


def levels_by_rule(findings):
    best = {}
    for rule, level in findings:
        best[rule] = max(best.get(rule, -1), LEVELS.get(level, 0))
    return best


def judge_single(case, findings, lenient_ids):
    got = levels_by_rule(findings)
    expect = case["expect"]
    errors = sorted(r for r, lv in got.items() if lv >= LEVELS["error"])
    reasons = []
    missing = [r for r in expect if got.get(r, -1) < LEVELS["warning"]]
    if missing:
        reasons.append("missing " + ",".join(missing))
    extra = [r for r in errors if r not in expect]
    if extra:
        reasons.append("unexpected error " + ",".join(extra))
    approved = bool(case.get("library_id") or case.get("template_id"))
    if approved and not lenient_ids and errors and not extra:
        reasons.append("error on an approved template " + ",".join(errors))
    return not reasons, reasons


def run_singles(runner, cases, lenient_ids):
    for c in cases:
        for r in c["expect"]:
            if r in SET_RULES:
                sys.exit(f"{c['id']}: a single case cannot expect the set rule {r}")
    found = runner.lint([template_of(c) for c in cases], ["--ignore", ",".join(SET_RULES)])
    results = []
    for i, c in enumerate(cases):
        ok, reasons = judge_single(c, found.get(i, []), lenient_ids)
        results.append({"case": c, "right": ok, "reasons": reasons,
                        "got": sorted(set(found.get(i, [])))})
    return results


def run_pairs(runner, pairs, jobs):
    results = [None] * len(pairs)
    title_idx = [i for i, p in enumerate(pairs) if p["field"] == "title"]
    kw_idx = [i for i, p in enumerate(pairs) if p["field"] == "keyword"]
    bad = [p["id"] for p in pairs if p["field"] not in PAIR_RULES]
    if bad:
        sys.exit(f"pairs with an unknown field: {', '.join(bad)}")

    def one_title(i):
        p = pairs[i]
        found = runner.lint([{"title": p["a"]}, {"title": p["b"]}],
                            ["--select", ",".join(PAIR_RULES["title"])])
        return i, [f for fs in found.values() for f in fs]

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for i, found in pool.map(one_title, title_idx):
            results[i] = found
    if kw_idx:
        records = [{"title": KEYWORD_PAIR_TITLE,
                    "keywords": [{"name": pairs[i]["a"]}, {"name": pairs[i]["b"]}]}
                   for i in kw_idx]
        found = runner.lint(records, ["--select", ",".join(PAIR_RULES["keyword"])])
        for n, i in enumerate(kw_idx):
            results[i] = found.get(n, [])
    out = []
    for p, found in zip(pairs, results):
        rules = PAIR_RULES[p["field"]]
        reported = any(r in rules for r, _ in found)
        out.append({"case": p, "right": reported == bool(p["similar"]),
                    "reported": reported, "got": sorted(set(found))})
    return out


def tally(results, group, kind_of):
    cats = collections.OrderedDict()
    for r in results:
        c = cats.setdefault(group(r["case"]), collections.Counter())
        k = kind_of(r["case"])
        c["total"] += 1
        c["right"] += r["right"]
        c[k + "_total"] += 1
        c[k + "_right"] += r["right"]
    return cats


def pct(right, total):
    return 100.0 * right / total if total else 0.0


def figures(cats, kinds):
    out = collections.OrderedDict()
    for name, c in cats.items():
        d = {"right": c["right"], "total": c["total"],
             "accuracy": round(pct(c["right"], c["total"]), 1)}
        for k in kinds:
            d[k] = {"right": c[k + "_right"], "total": c[k + "_total"]}
        out[name] = d
    total = sum(c["total"] for c in cats.values())
    right = sum(c["right"] for c in cats.values())
    overall = {"right": right, "total": total, "accuracy": round(pct(right, total), 1)}
    for k in kinds:
        kt = sum(c[k + "_total"] for c in cats.values())
        kr = sum(c[k + "_right"] for c in cats.values())
        overall[k] = {"right": kr, "total": kt}
    return out, overall


def print_table(title, cats, overall, kinds, labels):
    print(title)
    width = max([len(n) for n in cats] + [7])
    head = f"  {'category':<{width}}  {'right':>9}  {'acc':>6}"
    for lab in labels:
        head += f"  {lab:>9}"
    print(head)
    for name, d in list(cats.items()) + [("overall", overall)]:
        line = f"  {name:<{width}}  {d['right']:>4}/{d['total']:<4}  {d['accuracy']:>5.1f}%"
        for k in kinds:
            line += f"  {d[k]['right']:>4}/{d[k]['total']:<4}"
        print(line)
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tplguard", default=os.path.join(ROOT, "build", "tplguard"),
                    help="the tplguard binary (default: build/tplguard)")
    ap.add_argument("--rules", help="rule pack directory passed to tplguard (default: its own)")
    ap.add_argument("--singles", default=os.path.join(ROOT, "corpus", "eval", "singles.jsonl"))
    ap.add_argument("--pairs", default=os.path.join(ROOT, "corpus", "eval", "pairs.jsonl"))
    ap.add_argument("--only", choices=["singles", "pairs"], help="score one set only")
    ap.add_argument("--lenient-ids", action="store_true",
                    help="do not count an error on a template with a library_id or "
                         "template_id as wrong when the expected rules are met")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="parallel tplguard runs for title pairs")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the wrong cases")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--require-singles", type=float, metavar="PCT",
                    help="exit 1 when the singles' overall accuracy is below PCT (a regression floor)")
    ap.add_argument("--require-pairs", type=float, metavar="PCT",
                    help="exit 1 when the pairs' overall accuracy is below PCT")
    args = ap.parse_args()

    binary = args.tplguard
    if not os.path.isfile(binary) or not os.access(binary, os.X_OK):
        sys.exit(f"no tplguard binary at {binary} (give --tplguard)")
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()

    report = {"tplguard": binary, "version": version, "rules": args.rules,
              "lenient_ids": args.lenient_ids}
    with tempfile.TemporaryDirectory(prefix="tplguard-eval-") as tmp:
        runner = Runner(binary, args.rules, tmp)
        singles = pairs = None
        if args.only != "pairs":
            singles = run_singles(runner, load_jsonl(args.singles), args.lenient_ids)
        if args.only != "singles":
            pairs = run_pairs(runner, load_jsonl(args.pairs), max(1, args.jobs))

    if singles is not None:
        cats = tally(singles, lambda c: c["category"],
                     lambda c: "flag" if c["expect"] else "pass")
        s_cats, s_all = figures(cats, ["flag", "pass"])
        report["singles"] = {"overall": s_all, "categories": s_cats,
                             "wrong": [r["case"]["id"] for r in singles if not r["right"]]}
    if pairs is not None:
        cats = tally(pairs, lambda c: f"{c['category']}/{c['field']}",
                     lambda c: "similar" if c["similar"] else "distinct")
        p_cats, p_all = figures(cats, ["similar", "distinct"])
        by_cat = tally(pairs, lambda c: c["category"],
                       lambda c: "similar" if c["similar"] else "distinct")
        pc_cats, _ = figures(by_cat, ["similar", "distinct"])
        by_field = tally(pairs, lambda c: c["field"],
                         lambda c: "similar" if c["similar"] else "distinct")
        pf_cats, _ = figures(by_field, ["similar", "distinct"])
        report["pairs"] = {"overall": p_all, "categories": pc_cats, "fields": pf_cats,
                           "category_fields": p_cats,
                           "wrong": [r["case"]["id"] for r in pairs if not r["right"]]}

    if args.json:
        if args.verbose:
            report["wrong_cases"] = wrong_cases(singles, pairs)
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        print()
        check_floors(args, report)
        return

    print(f"tplguard: {binary} ({version})\n")
    if singles is not None:
        print_table("singles (flag: must-flag cases right; pass: must-pass cases right)",
                    s_cats, s_all, ["flag", "pass"], ["flag", "pass"])
    if pairs is not None:
        print_table("pairs by category", pc_cats, p_all, ["similar", "distinct"],
                    ["similar", "distinct"])
        print_table("pairs by category and field", p_cats, p_all, ["similar", "distinct"],
                    ["similar", "distinct"])
    if args.verbose:
        for w in wrong_cases(singles, pairs):
            print(w["line"])
    check_floors(args, report)


def check_floors(args, report):
    failed = []
    for name, floor in (("singles", args.require_singles), ("pairs", args.require_pairs)):
        if floor is not None and name in report and report[name]["overall"]["accuracy"] < floor:
            failed.append(f"{name}: {report[name]['overall']['accuracy']}% is below the floor of {floor}%")
    if failed:
        sys.exit("eval: " + "; ".join(failed))


def fmt_got(got):
    return ", ".join(f"{r}:{lv}" for r, lv in got) or "nothing"


def wrong_cases(singles, pairs):
    out = []
    for r in singles or []:
        if r["right"]:
            continue
        c = r["case"]
        kws = "; ".join(f"{k.get('name')}={k.get('example')}" for k in c.get("keywords", []))
        ids = c.get("library_id") or c.get("template_id") or ""
        desc = c["title"] + (f" [{kws}]" if kws else "") + (f" <{c['kind']}>" if "kind" in c else "") \
            + (f" id={ids}" if ids else "")
        out.append({"id": c["id"], "category": c["category"], "expect": c["expect"],
                    "got": [list(g) for g in r["got"]], "reasons": r["reasons"],
                    "line": f"WRONG {c['id']} {desc}: expect {c['expect'] or '[]'}, "
                            f"got {fmt_got(r['got'])} ({'; '.join(r['reasons'])})"})
    for r in pairs or []:
        if r["right"]:
            continue
        p = r["case"]
        out.append({"id": p["id"], "category": p["category"], "similar": p["similar"],
                    "got": [list(g) for g in r["got"]],
                    "line": f"WRONG {p['id']} {p['field']} {p['a']} / {p['b']}: labelled "
                            f"{'similar' if p['similar'] else 'distinct'}, got "
                            f"{fmt_got(r['got'])}"})
    return out


if __name__ == "__main__":
    main()
