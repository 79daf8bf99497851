#!/usr/bin/env python3
"""Exports the data of tplguard's lexical title rules to JSON for the textlint rule.

    export_rules.py RULES_DIR OUT.json

bench/vs_textlint.sh runs this before every comparison, so the textlint rule
(rules/tplguard-lexical.js) checks the same suffixes, terms, allowed words, character set
and generic words as the rule pack it is compared with: nothing is copied into JavaScript
by hand. Rules are found by id and their kind is checked, so a rule pack that changes shape
fails here instead of silently comparing different checks.
"""
import glob
import json
import os
import re
import sys

import yaml

# The checks compared, and the rule kind each one must have.
CHECKS = {
    "title-suffix": "suffix",
    "title-marketing": "lexicon",
    "title-symbol": "char-class",
    "title-generic": "generic",
}

# ICU general categories that JavaScript's \p{...} knows by the same name; any other
# [:Name:] is taken as a script (ICU's [:Han:] is \p{Script=Han}).
GENERAL_CATEGORIES = {
    "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No",
    "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So",
    "Z", "Zs", "Zl", "Zp", "C", "Cc", "Cf", "Cs", "Co", "Cn",
}


def fail(message):
    sys.exit(f"export_rules.py: {message}")


def load_yaml(path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        fail(f"{path}: {e}")


def find_rules(rules_dir):
    rules = {}
    for path in sorted(glob.glob(os.path.join(rules_dir, "*.yaml"))):
        doc = load_yaml(path)
        if isinstance(doc, dict) and doc.get("id") in CHECKS:
            rules[doc["id"]] = (path, doc)
    for rule_id, kind in CHECKS.items():
        if rule_id not in rules:
            fail(f"no rule with id {rule_id} in {rules_dir}")
        path, doc = rules[rule_id]
        if doc.get("kind") != kind or doc.get("target") != "title":
            fail(f"{path}: expected a title rule of kind {kind}, found kind {doc.get('kind')}")
    return rules


def icu_set_to_js(pattern):
    """Translates a UnicodeSet made of property classes ([[:Han:][:L:][:Nd:]]) to the body
    of a JavaScript character class; anything else is refused rather than approximated."""
    body = pattern.strip()
    if not (body.startswith("[") and body.endswith("]")):
        fail(f"cannot translate UnicodeSet {pattern!r}")
    body = body[1:-1]
    parts = re.findall(r"\[:(\^?)([A-Za-z_]+):\]|\\p\{([A-Za-z_=]+)\}", body)
    rebuilt = "".join(f"[:{neg}{name}:]" if name else f"\\p{{{prop}}}" for neg, name, prop in parts)
    if rebuilt != body or not parts:
        fail(f"cannot translate UnicodeSet {pattern!r}: only unions of [:Name:] classes are supported")
    out = []
    for neg, name, prop in parts:
        if neg:
            fail(f"cannot translate the negated class [:^{name}:] in {pattern!r}")
        prop = prop or name
        if "=" not in prop and prop not in GENERAL_CATEGORIES:
            prop = f"Script={prop}"
        out.append(f"\\p{{{prop}}}")
    return "".join(out)


def lexicon_terms(path):
    doc = load_yaml(path)
    terms = []
    for cat in doc.get("categories", []):
        for t in cat.get("terms", []):
            text = t["term"] if isinstance(t, dict) else t
            if isinstance(t, dict) and t.get("position", "anywhere") != "anywhere":
                fail(f"{path}: term {text} has position {t['position']}; the textlint rule matches anywhere")
            terms.append({"term": str(text), "category": cat["id"], "zh": cat.get("zh", cat["id"])})
    return terms, [str(w) for w in doc.get("allowed", [])]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: export_rules.py RULES_DIR OUT.json")
    rules_dir, out_path = sys.argv[1], sys.argv[2]
    rules = find_rules(rules_dir)

    def params(rule_id):
        return rules[rule_id][1].get("params") or {}

    def data_path(rule_id, rel):
        return os.path.join(os.path.dirname(rules[rule_id][0]), rel)

    suffix = params("title-suffix")
    terms, allowed = lexicon_terms(data_path("title-marketing", params("title-marketing")["lexicon"]))
    generic = params("title-generic")
    generic_words = load_yaml(data_path("title-generic", generic["words"])).get("generic")
    if not generic_words:
        fail(f"{generic['words']}: no `generic` word list")
    data = {
        "source": os.path.abspath(rules_dir),
        # One line per check for the textlint messages.
        "summary": {rule_id: rules[rule_id][1].get("summary", {}).get("zh", rule_id) for rule_id in CHECKS},
        "title-suffix": {"suffixes": [str(s) for s in suffix["suffixes"]]},
        "title-marketing": {"terms": terms, "allowed": allowed},
        "title-symbol": {
            "allowed": params("title-symbol")["allowed"],
            "allowed_js": icu_set_to_js(params("title-symbol")["allowed"]),
        },
        "title-generic": {
            "suffixes": [str(s) for s in generic["suffixes"]],
            "words": [str(w) for w in generic_words],
            "min_residue": int(generic.get("min_residue", 1)),
        },
    }
    # The emoji the pack reads as words (🧧 as 红包): not used by the textlint rule, which
    # matches plain text, but compare.py names them when the two tools disagree.
    pack = load_yaml(os.path.join(rules_dir, "pack.yaml")) or {}
    if pack.get("substitutions"):
        subs = load_yaml(os.path.join(rules_dir, pack["substitutions"])).get("substitutions") or {}
        data["substitutions"] = {str(k): str(v) for k, v in subs.items()}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
