#!/usr/bin/env python3
"""Fails on an #include from a lower module of src/ into a higher one.

Data flows one way (docs/architecture.md): readers -> model -> text -> rules and payload
checks -> the pipeline -> findings -> reporters -> CLI. Each module below may include only the
modules it lists; the public headers (include/tplguard) are the model every module may use.
KNOWN lists the includes that still go the wrong way, each with what removes it; the test
also fails when one of them is gone, so the list only shrinks.

Usage: include_layers.py SOURCE_DIR
"""
import pathlib
import re
import sys

# module -> the modules it may include (besides itself and the public headers).
ALLOWED = {
    "util": set(),
    "text": {"util"},
    "yaml": {"util"},
    "tools": {"text", "util"},
    "io": {"util", "text", "yaml"},
    "similarity": {"util"},
    "rules": {"util", "text", "yaml", "io", "similarity"},
    "payload": {"util", "text", "yaml", "io", "rules"},
    "pipeline": {"util", "text", "yaml", "io", "similarity", "rules", "payload"},
    "config": {"util", "text", "yaml", "rules", "pipeline"},
    "audit": {"util", "text", "yaml", "io", "similarity", "rules", "payload", "pipeline", "config"},
    "report": {"util", "text", "pipeline"},
    "capi": {"util", "text", "yaml", "io", "similarity", "rules", "payload", "pipeline", "config", "audit", "report"},
    "cli": {"util", "text", "yaml", "io", "similarity", "rules", "payload", "pipeline", "config", "audit", "report"},
}

# Includes that still go the wrong way: (file, included module) -> what removes it.
KNOWN = {
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"', re.M)


def main() -> int:
    src = pathlib.Path(sys.argv[1]) / "src"
    modules = sorted(p.name for p in src.iterdir() if p.is_dir())
    problems = []
    for m in modules:
        if m not in ALLOWED:
            problems.append(f"src/{m}: a module this test does not know; give it its place in ALLOWED")
    # The allowed graph itself must have no cycle: modules form layers.
    done, visiting = set(), []
    def visit(m):
        if m in visiting:
            problems.append("ALLOWED has a cycle: " + " -> ".join(visiting[visiting.index(m):] + [m]))
            return
        if m in done:
            return
        visiting.append(m)
        for n in sorted(ALLOWED.get(m, ())):
            visit(n)
        visiting.pop()
        done.add(m)
    for m in sorted(ALLOWED):
        visit(m)
    seen_known = set()
    for path in sorted(src.rglob("*")):
        if path.suffix not in {".cpp", ".hpp", ".h", ".c"}:
            continue
        rel = path.relative_to(src).as_posix()
        module = rel.split("/")[0]
        if module not in ALLOWED:
            continue
        for target in INCLUDE.findall(path.read_text(encoding="utf-8")):
            if target == module or target not in modules:
                continue  # itself, or not a module of src/ (a generated or system path)
            if target in ALLOWED[module]:
                continue
            if (rel, target) in KNOWN:
                seen_known.add((rel, target))
                continue
            problems.append(f"src/{rel}: includes {target}/, which {module}/ may not include "
                            f"(allowed: {', '.join(sorted(ALLOWED[module])) or 'nothing'})")
    for (rel, target), why in sorted(KNOWN.items()):
        if (rel, target) not in seen_known:
            problems.append(f"src/{rel} no longer includes {target}/ ({why}): remove it from KNOWN")
    for p in problems:
        print(p)
    if not problems:
        print(f"{len(modules)} modules, includes go one way ({len(KNOWN)} known exceptions left)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
