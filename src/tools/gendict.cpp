// Build-time compiler of the word dictionary the segmenter uses.
//
// Reads jieba's dictionary (Debian's python3-jieba: one `word frequency tag` a line), folds
// every word to the canonical key (the same tables the library folds text with, so 開戶 and
// 开户 are one entry), keeps the words made only of Han characters, and writes a trie in
// breadth-first order as flat little-endian arrays that the library maps without parsing:
//
//   header   magic "TGD2", node count N, cost of an unknown character, tag count T,
//            bigram table bits B, 0; then T tag names (8 bytes each, NUL-padded)
//   root     65536 x u32: the node of each BMP character under the root (0 = none)
//   node     (N + 1) x {u32 first, u32 info}: node i's children are first(i) .. first(i + 1)
//            - 1 (contiguous and sorted, as breadth-first order makes them); info is
//            cost << 8 | tag, cost 0xFFFFFF = not a word; node N only ends node N - 1's range
//   label    N x u16: the character on the edge into node i (every word is in the BMP),
//            padded to a multiple of 8 bytes
//   bigram   2^B x {u32 c1 << 16 | c2, u32 node}: the node of every two-character prefix,
//            open addressing with linear probing from (key * 0x9E3779B1) >> (32 - B); key 0
//            is an empty slot
//   tags     65536 x u64: for each BMP character, bit t is set when some word holding the
//            character has tag t (so a rule can tell, without splitting a text, that a
//            character can belong to no word of the tags it looks for)
//
// One lookup step reads one node record and its children's labels: two cache lines where
// separate first, count and info arrays took four (the segmenter walks this for every title).
// The second step, from a first character with hundreds of children, is the dearest search;
// the bigram table makes it one probe.
//
// Costs are -ln(frequency / total) in thousandths, as jieba's route search uses log
// probabilities; an unknown character costs as a word of frequency 1.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "text/canonical.hpp"
#include "text/unicode_tables.hpp"

namespace {

using tplguard::text::CharClass;

struct Word {
  uint64_t freq = 0;
  std::string tag;
};

struct Node {
  std::map<char32_t, uint32_t> next;
  uint32_t info = 0xFFFFFFu << 8;
};

void put32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: tplguard-gendict JIEBA_DICT.txt OUT.bin [EXTRA_WORDS.txt]\n";
    return 2;
  }
  const tplguard::text::Canonicalizer canon;
  std::map<std::u32string, Word> words;
  uint64_t total = 0;
  // jieba's dictionary, then the project's service words (data/service-words.txt: the same
  // format, with # comments and blank lines); a word in both gets both frequencies.
  for (int f = 1; f < argc; f += f == 1 ? 2 : 1) {
    const bool extra = f == 3;
    std::ifstream in(argv[f]);
    if (!in) {
      std::cerr << "gendict: cannot read " << argv[f] << (extra ? "\n" : " (install python3-jieba)\n");
      return 1;
    }
    std::string line;
    size_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (extra && (line.empty() || line[0] == '#')) continue;
      std::istringstream fields(line);
      std::string word, tag;
      uint64_t freq = 0;
      if (!(fields >> word >> freq)) {
        std::cerr << "gendict: " << argv[f] << ":" << line_no << ": expected `word frequency [tag]`\n";
        return 1;
      }
      fields >> tag;
      total += freq;
      const bool valid = !tplguard::text::find_invalid_utf8(word);
      const std::u32string key = valid ? canon.key_of(word) : std::u32string();
      bool han = !key.empty();
      for (char32_t c : key) han = han && c < 0x10000 && (tplguard::text::char_class(c) & CharClass::kHan);
      if (!han) {
        if (!extra) continue;  // jieba's Latin and digit entries: runs are words of their own anyway
        std::cerr << "gendict: " << argv[f] << ":" << line_no << ": `" << word << "` is not made of Han characters\n";
        return 1;
      }
      Word& w = words[key];
      // Two spellings folding to one key: their frequencies add; the commoner one's tag wins.
      if (freq > w.freq) w.tag = tag;
      w.freq += freq;
    }
  }
  if (words.empty() || total == 0) {
    std::cerr << "gendict: " << argv[1] << " holds no words\n";
    return 1;
  }

  std::vector<std::string> tags{""};
  std::map<std::string, uint32_t> tag_id{{"", 0}};
  std::vector<Node> trie(1);
  std::vector<uint64_t> char_tags(65536, 0);
  const double log_total = std::log(static_cast<double>(total));
  for (const auto& [key, w] : words) {
    uint32_t node = 0;
    for (char32_t c : key) {
      auto it = trie[node].next.find(c);
      if (it == trie[node].next.end()) {
        trie.emplace_back();
        it = trie[node].next.emplace(c, static_cast<uint32_t>(trie.size() - 1)).first;
      }
      node = it->second;
    }
    auto [t, fresh] = tag_id.emplace(w.tag, static_cast<uint32_t>(tags.size()));
    if (fresh) tags.push_back(w.tag);
    if (t->second < 64)
      for (char32_t c : key) char_tags[c] |= uint64_t{1} << t->second;
    const double cost = (log_total - std::log(static_cast<double>(std::max<uint64_t>(w.freq, 1)))) * 1000.0;
    trie[node].info = static_cast<uint32_t>(std::lround(cost)) << 8 | t->second;
  }
  if (tags.size() > 64) {
    std::cerr << "gendict: more than 64 tags (the per-character tag masks hold 64)\n";
    return 1;
  }

  // Breadth-first renumbering, so every node's children are contiguous.
  std::vector<uint32_t> order{0}, new_id(trie.size(), 0);
  for (size_t i = 0; i < order.size(); ++i)
    for (const auto& [c, child] : trie[order[i]].next) {
      new_id[child] = static_cast<uint32_t>(order.size());
      order.push_back(child);
    }
  const auto n = static_cast<uint32_t>(order.size());
  std::vector<uint32_t> first(n + 1, 0), info(n, 0), root(65536, 0);
  std::vector<uint16_t> label(n, 0);
  // Breadth-first order gives each node's children right after the previous node's, so a
  // running count is every node's first child (a leaf's range is empty).
  uint32_t next_child = 1;
  for (uint32_t i = 0; i < n; ++i) {
    const Node& node = trie[order[i]];
    info[i] = node.info;
    first[i] = next_child;
    for (const auto& [c, child] : node.next) {
      if (new_id[child] != next_child++) {
        std::cerr << "gendict: children out of breadth-first order\n";
        return 1;
      }
      label[new_id[child]] = static_cast<uint16_t>(c);
      if (i == 0) root[c] = new_id[child];
    }
  }
  first[n] = next_child;

  // Two-character prefixes: the children of the root's children.
  std::vector<std::pair<uint32_t, uint32_t>> bigrams;
  for (const auto& [c1, n1] : trie[0].next)
    for (const auto& [c2, n2] : trie[n1].next) bigrams.emplace_back(uint32_t(c1) << 16 | uint32_t(c2), new_id[n2]);
  uint32_t bits = 10;
  while ((size_t{1} << bits) < bigrams.size() * 2) ++bits;  // load at most a half
  std::vector<std::pair<uint32_t, uint32_t>> table(size_t{1} << bits, {0, 0});
  for (const auto& [key, node] : bigrams) {
    size_t slot = (key * 0x9E3779B1u) >> (32 - bits);
    while (table[slot].first != 0) slot = (slot + 1) & (table.size() - 1);
    table[slot] = {key, node};
  }

  std::string out = "TGD2";
  put32(out, n);
  put32(out, static_cast<uint32_t>(std::lround(log_total * 1000.0)));
  put32(out, static_cast<uint32_t>(tags.size()));
  put32(out, bits);
  put32(out, 0);
  for (const auto& t : tags) {
    std::string padded = t.substr(0, 7);
    padded.resize(8, '\0');
    out += padded;
  }
  for (uint32_t v : root) put32(out, v);
  for (uint32_t i = 0; i <= n; ++i) {
    put32(out, first[i]);
    put32(out, i < n ? info[i] : 0xFFFFFFu << 8);
  }
  for (uint16_t v : label) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>(v >> 8));
  }
  while (out.size() % 8 != 0) out.push_back('\0');
  for (const auto& [key, node] : table) {
    put32(out, key);
    put32(out, node);
  }
  for (uint64_t m : char_tags) {
    put32(out, static_cast<uint32_t>(m));
    put32(out, static_cast<uint32_t>(m >> 32));
  }
  std::ofstream o(argv[2], std::ios::binary);
  o.write(out.data(), static_cast<std::streamsize>(out.size()));
  o.close();
  if (!o) {
    std::cerr << "gendict: cannot write " << argv[2] << "\n";
    return 1;
  }
  std::cerr << "gendict: " << words.size() << " words, " << n << " nodes, " << out.size() << " bytes\n";
  return 0;
}
