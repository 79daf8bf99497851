#!/usr/bin/env python3
"""Writes the titles of the comparison one a line, for textlint's text plugin.

    titles_to_text.py DIR CHUNK CORPUS_FILE...

DIR/titles.jsonl (tplguard-gen-titles) becomes DIR/titles.txt, and both are also split into
files of CHUNK titles: DIR/split-jsonl/NNNNNN.jsonl and DIR/split-txt/NNNNNN.txt. The titles
of the corpus files (JSONL records or YAML `templates:` lists) become DIR/corpus.txt and, as
bare records, DIR/corpus.jsonl for tplguard. A title that cannot be one line (empty, or
holding a line break) stops the comparison: textlint would see another number of titles.
"""
import os
import json
import sys

import yaml

BREAKS = "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def write_lines(path, titles):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for where, title in titles:
            if not isinstance(title, str) or not title.strip() or any(c in title for c in BREAKS):
                sys.exit(f"titles_to_text.py: {where}: title {title!r} cannot be one line of text")
            out.write(title + "\n")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [(f"{path}:{k}", json.loads(line)["title"]) for k, line in enumerate(f, 1) if line.strip()]


def read_yaml(path):
    with open(path, encoding="utf-8") as f:
        return [(path, t["title"]) for t in yaml.safe_load(f)["templates"]]


def write_split(data, chunk, titles):
    with open(f"{data}/titles.jsonl", encoding="utf-8") as f:
        records = [line for line in f if line.strip()]
    for d in ("split-jsonl", "split-txt"):
        os.makedirs(f"{data}/{d}", exist_ok=True)
    for part, begin in enumerate(range(0, len(records), chunk)):
        with open(f"{data}/split-jsonl/{part:06d}.jsonl", "w", encoding="utf-8", newline="\n") as out:
            out.writelines(records[begin:begin + chunk])
        write_lines(f"{data}/split-txt/{part:06d}.txt", titles[begin:begin + chunk])


def main():
    if len(sys.argv) < 3 or not sys.argv[2].isdigit() or int(sys.argv[2]) < 1:
        sys.exit("usage: titles_to_text.py DIR CHUNK CORPUS_FILE...")
    data, chunk = sys.argv[1], int(sys.argv[2])
    titles = read_jsonl(f"{data}/titles.jsonl")
    write_lines(f"{data}/titles.txt", titles)
    write_split(data, chunk, titles)
    corpus = []
    for path in sys.argv[3:]:
        corpus += read_jsonl(path) if path.endswith(".jsonl") else read_yaml(path)
    write_lines(f"{data}/corpus.txt", corpus)
    with open(f"{data}/corpus.jsonl", "w", encoding="utf-8") as out:
        for _, title in corpus:
            out.write(json.dumps({"title": title}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
