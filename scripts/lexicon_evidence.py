#!/usr/bin/env python3
"""Where the words of the lexicons occur in real approved templates.

For every term of rules/lexicons/{scenes,generic-words,broad-heads,marketing-extra,personal-extra}.yaml
print the real titles and keyword names (corpus/real/templates.jsonl without suspect rows,
corpus/real/library-titles.jsonl) that contain it. With --check, exit 1 when a word of
scenes.yaml `objects`/`events` occurs in no real title, or when a plain marketing-extra or
personal-extra term occurs in a high- or medium-confidence title or keyword name (such a term
must be a comment, an allowed word, or carry a lower level).
"""
import json, sys, pathlib
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Titles that WeChat's own review rules (审核说明) give as examples of good titles.
DOC_TITLES = ["购买成功通知", "购买失败通知", "付款成功通知", "付款失败通知", "交易提醒"]

def load_corpus():
    rows = []
    for name in ("templates.jsonl", "library-titles.jsonl"):
        for line in open(ROOT / "corpus" / "real" / name, encoding="utf-8"):
            d = json.loads(line)
            if d.get("suspect"):
                continue
            kws = [k["name"] if isinstance(k, dict) else k for k in (d.get("keywords") or [])]
            rows.append((d["title"], kws, d.get("title_confidence")))
    for t in DOC_TITLES:
        rows.append((t, [], "high"))
    return rows

def terms_of(node):
    if isinstance(node, list):
        for x in node:
            if isinstance(x, str):
                yield x, {}
            elif isinstance(x, dict) and "term" in x:
                yield x["term"], x
            else:
                yield from terms_of(x)
    elif isinstance(node, dict):
        for k, v in node.items():
            if k in ("terms", "words", "heads", "modifiers", "bare_ok", "qualifiers") or isinstance(v, (list, dict)):
                yield from terms_of(v)

def main():
    check = "--check" in sys.argv
    rows = load_corpus()
    titles = {t for t, _, _ in rows}
    approved_titles = {t for t, _, c in rows if c in ("high", "medium")}
    kwnames = {k for _, ks, _ in rows for k in ks}
    bad = []
    lex = ROOT / "rules" / "lexicons"
    scenes = yaml.safe_load(open(lex / "scenes.yaml", encoding="utf-8"))
    for group in ("objects", "events"):
        for term, _ in terms_of(scenes[group]):
            hits = sorted(t for t in titles if term in t)
            print(f"scenes.{group}\t{term}\t{len(hits)}\t{' '.join(hits[:4])}")
            if not hits:
                bad.append(f"scenes.yaml {group}: {term} occurs in no real title")
    for group in ("keyword_objects",):
        for term, _ in terms_of(scenes[group]):
            hits = sorted(k for k in kwnames if term in k)
            print(f"scenes.{group}\t{term}\t{len(hits)}\t{' '.join(hits[:4])}")
            if not hits:
                bad.append(f"scenes.yaml {group}: {term} occurs in no real keyword name")
    for fname in ("marketing-extra.yaml", "personal-extra.yaml"):
        data = yaml.safe_load(open(lex / fname, encoding="utf-8"))
        for cat in data["categories"]:
            for term, opts in terms_of(cat["terms"]):
                th = sorted(t for t in approved_titles if term.lower() in t.lower())
                kh = sorted(k for k in kwnames if term.lower() in k.lower())
                print(f"{fname}\t{cat['id']}\t{term}\t{len(th)}+{len(kh)}\t{' '.join(th[:3])} {' '.join(kh[:3])}")
                if (th or kh) and "level" not in opts and "levels" not in opts:
                    bad.append(f"{fname}: {term} occurs in approved {th or kh} and is a plain term")
    # Broad keywords by structure: no approved keyword name may come out broad.
    bh = yaml.safe_load(open(lex / "broad-heads.yaml", encoding="utf-8"))
    vague = set(bh["vague_modifiers"])
    def only_vague(mod):
        if not mod:
            return True
        for w in sorted(vague, key=len, reverse=True):
            if mod.startswith(w) and only_vague(mod[len(w):]):
                return True
        return False
    approved_kw = {k for _, ks, c in rows if c in ("high", "medium", "low") for k in ks}
    for k in sorted(approved_kw):
        if k in bh["heads"]["bare_ok"]:
            continue
        for h in sorted(bh["heads"]["broad"], key=len, reverse=True):
            if k.endswith(h) and only_vague(k[: -len(h)]):
                bad.append(f"broad-heads.yaml: approved keyword {k} comes out broad")
                break
    # Generic titles by structure: print the real titles the rule would call generic.
    gw = yaml.safe_load(open(lex / "generic-words.yaml", encoding="utf-8"))
    generic = {w for c in gw["classes"] for w in c["words"]}
    scene = {t for g in ("objects", "events", "keyword_objects") for t, _ in terms_of(scenes[g])}
    scene |= set(scenes["self_contained"]) | set(scenes.get("keyword_events", []))
    weak = {w for c in gw["classes"] if c["id"] in ("weak_nouns", "generic_states") for w in c["words"]}
    vocab = sorted(generic | scene, key=len, reverse=True)
    def stem_of(t):
        changed = True
        while changed:
            changed = False
            for suf in ("通知", "提醒", "提示"):
                if t.endswith(suf) and len(t) > len(suf):
                    t = t[: -len(suf)]; changed = True
        return t
    for t, _, c in sorted(rows):
        st, words, i = stem_of(t), [], 0
        st = st if st not in ("通知", "提醒") else ""
        while i < len(st):
            for w in vocab:
                if st.startswith(w, i):
                    words.append(w); i += len(w); break
            else:
                words.append(st[i]); i += 1
        strong = [w for w in words if w in scene and w not in weak]
        unknown = [w for w in words if w not in scene and w not in generic]
        if not strong and not unknown:
            print(f"generic-by-structure\t{t}\t{c}\t{'/'.join(words)}")
    if check and bad:
        print("\n".join(bad), file=sys.stderr)
        sys.exit(1)
    print(f"{len(bad)} problems", file=sys.stderr)
    for b in bad:
        print(b, file=sys.stderr)

if __name__ == "__main__":
    main()
