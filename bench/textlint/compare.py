#!/usr/bin/env python3
"""Prints the tplguard-versus-textlint tables and checks that the two tools agree.

    compare.py DIR TEXTLINT_DIR

DIR is bench/vs_textlint.sh's working directory:
  rules.json               export_rules.py's data (the emoji read as words, for the reasons)
  versions.tsv             tool, version
  timings.tsv              one line a timed run: tool, layout, run, wall s, user+sys s, peak KiB
  LAYOUT.txt               the titles, one a line (LAYOUT: titles, corpus)
  LAYOUT-tplguard.json     tplguard's JSON report (LAYOUT: titles, split, corpus)
  LAYOUT-textlint.json     textlint's JSON report
  LAYOUT-textlint-stats.json   one line a document: the titles and characters the rule saw
TEXTLINT_DIR holds node_modules and rules/ (textlint is run again there on the titles the
tools disagree on).

"titles" is the generated set in one file, "split" the same titles in files of CHUNK titles
(textlint filters duplicate messages per file in quadratic time, so a big file costs it more
than the checks do), "corpus" the corpus' real and labelled bad titles (agreement only).

For each check it counts the titles each tool flags and those only one flags. tplguard
matches on a folded key (NFKC, case, traditional to simplified, pinyin, emoji read as
words); the textlint rule matches the letters and digits as written. So every title
flagged by one tool only is linted by textlint again, as written (textlint must repeat its
verdict) and folded with ICU (uconv -x 'Any-NFKC; Hant-Hans; Any-Lower'): when textlint
then agrees with tplguard, folding explains the difference. What folding does not explain must be pinyin or an emoji that stands for a
word; anything else is a real disagreement and the exit status is 1, as it is when a tool
did not check every title or the split layout does not flag the same titles.
"""
import collections
import json
import os
import re
import subprocess
import sys
import unicodedata

CHECKS = ["title-suffix", "title-marketing", "title-symbol", "title-generic"]
TOOLS = ["tplguard", "textlint"]
EXAMPLES = 3


def fail(message):
    sys.exit(f"compare.py: {message}")


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{path}: {e}")


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def textlint_flags(report):
    """check -> set of (file, 0-based line), from textlint's JSON report."""
    flags = {c: set() for c in CHECKS}
    for entry in report:
        for m in entry["messages"]:
            check = m["message"].split(":", 1)[0]
            if m.get("ruleId") != "tplguard-lexical" or check not in flags:
                fail(f"unexpected textlint message: {m.get('ruleId')}: {m['message']}")
            flags[check].add((entry["filePath"], m["line"] - 1))
    return flags


def tplguard_flags(report):
    """check -> set of (file, index), and the findings that matched a folded spelling."""
    flags = {c: set() for c in CHECKS}
    folded = {c: set() for c in CHECKS}  # tplguard shows the term it read: “紅包”（即“红包”）
    for f in report["findings"]:
        if f["rule"] not in flags:
            fail(f"unexpected tplguard finding: {f['rule']}")
        flags[f["rule"]].add((f["file"], f["index"]))
        if "（即“" in f["messages"]["zh"]:
            folded[f["rule"]].add((f["file"], f["index"]))
    return flags, folded


def by_index(flags):
    """The same flags as line indexes, for a layout of one file."""
    return {c: {i for _, i in v} for c, v in flags.items()}


def checked_everything(work, layout, n, chars):
    """Both tools read every title of the layout (tplguard's summary, the rule's counts)."""
    tpl = read_json(os.path.join(work, f"{layout}-tplguard.json"))
    if tpl["summary"]["templates"] != n or tpl["input_errors"]:
        fail(f"{layout}: tplguard read {tpl['summary']['templates']} titles of {n}, "
             f"{len(tpl['input_errors'])} input errors")
    seen = [json.loads(line) for line in read_lines(os.path.join(work, f"{layout}-textlint-stats.json"))]
    titles, units = sum(s["titles"] for s in seen), sum(s["chars"] for s in seen)
    if titles != n or units != chars:
        fail(f"{layout}: textlint checked {titles} titles ({units} UTF-16 units) of {n} ({chars})")
    return tpl, read_json(os.path.join(work, f"{layout}-textlint.json"))


def utf16_units(titles):
    return sum(len(t.encode("utf-16-le")) // 2 for t in titles)


def fold(titles):
    """ICU's NFKC, traditional-to-simplified and lower-casing of each title (uconv)."""
    if not titles:
        return []
    out = subprocess.run(["uconv", "-f", "utf-8", "-t", "utf-8", "-x", "Any-NFKC; Hant-Hans; Any-Lower"],
                         input="\n".join(titles) + "\n", capture_output=True, text=True, check=True).stdout
    folded = out.split("\n")[: len(titles)]
    if len(folded) != len(titles):
        fail("uconv returned a different number of lines")
    return folded


def relint(titles, work, textlint_dir, layout):
    """textlint's flags (check -> set of indexes into `titles`) for these titles."""
    if not titles:
        return {c: set() for c in CHECKS}
    path = os.path.join(work, f"{layout}-disagreements.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(titles) + "\n")
    out = os.path.join(work, f"{layout}-disagreements.json")
    r = subprocess.run([os.path.join(textlint_dir, "node_modules", ".bin", "textlint"), "--rulesdir",
                        os.path.join(textlint_dir, "rules"), "--format", "json", "-o", out, path],
                       cwd=textlint_dir, capture_output=True, text=True,
                       env={k: v for k, v in os.environ.items() if k != "TPLGUARD_LEXICAL_STATS"})
    if r.returncode not in (0, 1) or not os.path.exists(out):
        fail(f"textlint on the titles the tools disagree on failed ({r.returncode}): {r.stderr.strip()}")
    return by_index(textlint_flags(read_json(out)))


def seconds(s):
    return f"{s:.2f} s" if s < 10 else f"{s:.1f} s"


def print_timings(work, n, chunk, counts):
    runs = collections.defaultdict(list)
    with open(os.path.join(work, "timings.tsv"), encoding="utf-8") as f:
        for line in f:
            tool, layout, _, wall, cpu, rss = line.rstrip("\n").split("\t")
            runs[tool, layout].append((float(wall), float(cpu), int(rss)))
    with open(os.path.join(work, "versions.tsv"), encoding="utf-8") as f:
        versions = dict(line.rstrip("\n").split("\t", 1) for line in f)
    best = {key: min(r) for key, r in runs.items()}  # the best wall time, with its CPU and memory
    layouts = {"titles": f"1 file of {n:,}", "split": f"{-(-n // chunk):,} files of {chunk:,}"}
    print(f"### {n:,} titles, each tool pinned to one core, best wall time of "
          f"{len(runs['tplguard', 'titles'])} runs\n")
    print("| tool | input | wall | user+sys CPU | peak memory | titles/s (wall) | suffix | marketing | symbol | generic |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for layout in layouts:
        for tool in TOOLS:
            wall, cpu, rss = best[tool, layout]
            flagged = " | ".join(f"{counts[tool, layout][c]:,}" for c in CHECKS)
            print(f"| {versions[tool]} | {layouts[layout]} | {seconds(wall)} | {seconds(cpu)} | {rss / 1024:.0f} MiB | "
                  f"{n / wall:,.0f} | {flagged} |")
    print()
    for layout in layouts:
        t, x = best["tplguard", layout], best["textlint", layout]
        print(f"- **{layouts[layout]}: tplguard is {x[0] / t[0]:.1f}x faster than textlint end to end (wall), "
              f"uses {x[1] / t[1]:.1f}x less CPU and {x[2] / t[2]:.1f}x less peak memory.**")
    print("\nAll runs (wall / user+sys CPU / peak memory):")
    for layout in layouts:
        for tool in TOOLS:
            print(f"- {tool}, {layouts[layout]}: " +
                  ", ".join(f"{w:.2f} s / {c:.2f} s / {r / 1024:.0f} MiB" for w, c, r in runs[tool, layout]))


def print_agreement(title, titles, tpl, tpl_folded, tl, work, textlint_dir, layout, substitutions):
    """Titles flagged per check by each tool, and why they differ where they do; returns the
    disagreements nothing explains."""
    only = {c: (sorted(tpl[c] - tl[c]), sorted(tl[c] - tpl[c])) for c in CHECKS}
    differing = sorted({i for c in CHECKS for side in only[c] for i in side})
    folded_titles = fold([titles[i] for i in differing])
    # textlint again on the titles as written (it must repeat its verdict) and folded.
    relinted = relint([titles[i] for i in differing] + folded_titles, work, textlint_dir, layout)
    position = {i: k for k, i in enumerate(differing)}

    def reason(check, i, tplguard_flags_it):
        k = position[i]
        if (k in relinted[check]) == tplguard_flags_it:
            return None  # textlint does not repeat what its report says
        if (len(differing) + k in relinted[check]) == tplguard_flags_it:
            return "folding (NFKC, case, traditional)"
        if tplguard_flags_it and i in tpl_folded[check] and re.search(r"[a-z]", unicodedata.normalize("NFKC", titles[i]), re.I):
            return "pinyin"
        if any(e in titles[i] for e in substitutions):
            return "emoji read as a word"
        return None

    print(f"\n### Agreement on {title}: titles flagged per check\n")
    print("| check | tplguard | textlint | both | tplguard only | textlint only | why they differ |")
    print("|---|---:|---:|---:|---:|---:|---|")
    unexplained = []
    for c in CHECKS:
        why = collections.Counter()
        for side, tplguard_flags_it in ((0, True), (1, False)):
            for i in only[c][side]:
                r = reason(c, i, tplguard_flags_it)
                why[r or "UNEXPLAINED"] += 1
                if r is None:
                    unexplained.append(f"{c}: only {'tplguard' if tplguard_flags_it else 'textlint'} flags {titles[i]}")
        why_text = ", ".join(f"{r}: {k:,}" for r, k in why.most_common()) or "none"
        print(f"| {c} | {len(tpl[c]):,} | {len(tl[c]):,} | {len(tpl[c] & tl[c]):,} | {len(only[c][0]):,} | "
              f"{len(only[c][1]):,} | {why_text} |")
    for c in CHECKS:
        for side, who in ((0, "tplguard"), (1, "textlint")):
            if only[c][side]:
                print(f"- {c}, {who} only, e.g. " + "、".join(titles[i] for i in only[c][side][:EXAMPLES]))
    return unexplained


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py DIR TEXTLINT_DIR")
    work, textlint_dir = sys.argv[1], os.path.abspath(sys.argv[2])
    substitutions = read_json(os.path.join(work, "rules.json")).get("substitutions", {})
    titles = read_lines(os.path.join(work, "titles.txt"))
    n, chars = len(titles), utf16_units(titles)
    chunk = int(read_lines(os.path.join(work, "chunk.txt"))[0])
    problems = []

    flags, folded, counts = {}, {}, {}
    for layout in ("titles", "split"):
        tpl_report, tl_report = checked_everything(work, layout, n, chars)
        flags["tplguard", layout], folded[layout] = tplguard_flags(tpl_report)
        flags["textlint", layout] = textlint_flags(tl_report)
        for tool in TOOLS:
            counts[tool, layout] = {c: len(v) for c, v in flags[tool, layout].items()}
    for tool in TOOLS:  # the split layout checks the same titles: it must flag as many
        if counts[tool, "split"] != counts[tool, "titles"]:
            problems.append(f"{tool} flags {counts[tool, 'split']} split, {counts[tool, 'titles']} in one file")
    print_timings(work, n, chunk, counts)
    problems += print_agreement(f"the {n:,} generated titles", titles, by_index(flags["tplguard", "titles"]),
                                by_index(folded["titles"]), by_index(flags["textlint", "titles"]), work,
                                textlint_dir, "titles", substitutions)

    corpus = read_lines(os.path.join(work, "corpus.txt"))
    tpl_report, tl_report = checked_everything(work, "corpus", len(corpus), utf16_units(corpus))
    tpl, tpl_folded = tplguard_flags(tpl_report)
    problems += print_agreement(f"the corpus' {len(corpus)} real and labelled bad titles (not timed)", corpus,
                                by_index(tpl), by_index(tpl_folded), by_index(textlint_flags(tl_report)), work,
                                textlint_dir, "corpus", substitutions)
    if problems:
        print(f"\ncompare.py: {len(problems)} problems (a disagreement folding, pinyin and emoji do not "
              "explain, or a layout flagging other titles):", file=sys.stderr)
        for p in problems[:20]:
            print(f"  {p}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
