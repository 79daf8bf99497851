// textlint rule "tplguard-lexical": tplguard's four lexical title checks, for the side-by-side
// benchmark (bench/vs_textlint.sh). Each line of a .txt file is one template title (the text
// plugin makes each line a Str node).
//
//   title-suffix     the title must end in 通知 or 提醒 (trailing spaces and symbols ignored)
//   title-marketing  a marketing term anywhere, unless inside an allowed word (证券 is no 券)
//   title-symbol     characters outside the allowed set (brackets, emoji, inner spaces)
//   title-generic    the stem, once the generic words are taken out, names nothing
//
// The data (suffixes, terms, allowed words, character set, generic words) is exported from
// tplguard's rules/ by export_rules.py; its path is the `data` option or the
// TPLGUARD_LEXICAL_DATA environment variable. Matching is done on the title's letters and
// digits as written: unlike tplguard there is no NFKC, case, traditional-to-simplified,
// pinyin or emoji folding, which is where the two tools are expected to differ.
// Each message starts with the tplguard rule id, so the reports can be compared per check.
"use strict";

const fs = require("fs");

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// One alternation, longest first: at any position it matches the longest word starting there.
function alternation(words, flags) {
  const sorted = [...new Set(words)].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(escapeRegExp).join("|"), flags);
}

function compile(data) {
  const marketing = data["title-marketing"];
  const category = new Map();
  for (const t of marketing.terms) category.set(t.term, t.zh);
  const allowed = new Set(marketing.allowed);
  const generic = data["title-generic"];
  return {
    summary: data.summary,
    suffixes: data["title-suffix"].suffixes,
    category,
    allowed,
    marketing: alternation([...category.keys(), ...allowed], "g"),
    disallowedRun: new RegExp(`[^${data["title-symbol"].allowed_js}]+`, "gu"),
    genericSuffixes: generic.suffixes,
    generic: alternation(generic.words, "g"),
    minResidue: generic.min_residue,
  };
}

const keptChar = /[\p{L}\p{N}]/u;
const letter = /\p{L}/u;

// The title's letters and digits, and where each came from (UTF-16 offsets into the title).
function keyOf(title) {
  let key = "";
  const src = [];
  let offset = 0;
  for (const ch of title) {
    if (keptChar.test(ch)) {
      key += ch;
      for (let i = 0; i < ch.length; ++i) src.push(offset + i);
    }
    offset += ch.length;
  }
  return { key, src };
}

function endsWithAny(s, suffixes) {
  return suffixes.some((x) => s.endsWith(x));
}

module.exports = function tplguardLexical(context, options = {}) {
  const { Syntax, RuleError, report, getSource, locator } = context;
  const dataPath = options.data || process.env.TPLGUARD_LEXICAL_DATA;
  if (!dataPath) throw new Error("tplguard-lexical: set the `data` option or TPLGUARD_LEXICAL_DATA to export_rules.py's JSON");
  const c = compile(JSON.parse(fs.readFileSync(dataPath, "utf8")));

  const flag = (node, check, message, begin, end) =>
    report(node, new RuleError(`${check}: ${c.summary[check]}: ${message}`, { padding: locator.range([begin, end]) }));

  // With TPLGUARD_LEXICAL_STATS=FILE, how many titles (and characters) each document held is
  // appended there, so the benchmark can show textlint checked every title.
  const statsPath = process.env.TPLGUARD_LEXICAL_STATS;
  let titles = 0;
  let chars = 0;

  return {
    [Syntax.DocumentExit]() {
      if (statsPath) fs.appendFileSync(statsPath, JSON.stringify({ titles, chars }) + "\n");
    },
    [Syntax.Str](node) {
      const title = getSource(node);
      if (title.length === 0) return;
      ++titles;
      chars += title.length;
      const { key, src } = keyOf(title);
      const at = (k) => (k < src.length ? src[k] : title.length);

      // title-suffix: on the letters and digits, so 【订单发货通知】 and 订单发货提醒！ pass.
      if (!endsWithAny(key, c.suffixes)) {
        const last = key.length ? src[key.length - 1] : title.length - 1;
        flag(node, "title-suffix", title, last, last + 1);
      }

      // title-marketing: the longest word at each position; a term inside an allowed word
      // (or inside a term already reported) does not count.
      const re = c.marketing;
      re.lastIndex = 0;
      let allowedEnd = 0;
      let takenEnd = 0;
      for (let m; (m = re.exec(key)) !== null; re.lastIndex = m.index + 1) {
        const begin = m.index;
        const end = begin + m[0].length;
        if (c.allowed.has(m[0])) {
          allowedEnd = Math.max(allowedEnd, end);
        } else if (begin >= takenEnd && end > allowedEnd) {
          flag(node, "title-marketing", `${c.category.get(m[0])}: ${m[0]}`, at(begin), at(end - 1) + 1);
          takenEnd = end;
        }
      }

      // title-symbol: leading and trailing spaces are trimmed, not reported.
      const first = title.length - title.trimStart().length;
      const inner = title.trim();
      c.disallowedRun.lastIndex = 0;
      for (let m; (m = c.disallowedRun.exec(inner)) !== null; ) {
        flag(node, "title-symbol", m[0], first + m.index, first + m.index + m[0].length);
      }

      // title-generic: take the suffixes off the end, cover the stem with generic words
      // (leftmost-longest); the letters left over name the scene.
      let stem = key;
      for (let again = true; again; ) {
        again = false;
        for (const s of c.genericSuffixes) {
          if (stem.endsWith(s)) {
            stem = stem.slice(0, stem.length - s.length);
            again = true;
          }
        }
      }
      let residue = 0;
      let covered = 0;
      const countLetters = (from, to) => {
        for (const ch of stem.slice(from, to)) if (letter.test(ch)) ++residue;
      };
      c.generic.lastIndex = 0;
      for (let m; (m = c.generic.exec(stem)) !== null; ) {
        countLetters(covered, m.index);
        covered = m.index + m[0].length;
      }
      countLetters(covered, stem.length);
      if (residue < c.minResidue) flag(node, "title-generic", title, 0, title.length);
    },
  };
};
