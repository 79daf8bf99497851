#include "similarity/title_join.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "util/workers.hpp"

namespace tplguard::similarity {

namespace {


constexpr uint64_t kBase = 0x100000001B3ull;
// A stem whose deletion neighbourhood would be larger than this is compared directly with
// every stem of a length it could be similar to (still exact, only slower).
constexpr uint64_t kMaxVariants = 50'000;

uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return x;
}

uint64_t char_code(char32_t c) { return static_cast<uint64_t>(c) + 1; }

// Open-addressing table from a stem's hash to its id (several ids may share a hash).
class StemTable {
 public:
  explicit StemTable(size_t n) {
    size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    hashes_.assign(cap, 0);
    ids_.assign(cap, kNone);
    mask_ = cap - 1;
  }
  void insert(uint64_t h, uint32_t id) {
    for (size_t i = mix(h) & mask_;; i = (i + 1) & mask_) {
      if (ids_[i] == kNone) {
        hashes_[i] = h;
        ids_[i] = id;
        return;
      }
    }
  }
  template <typename F>
  void find(uint64_t h, F&& f) const {
    for (size_t i = mix(h) & mask_; ids_[i] != kNone; i = (i + 1) & mask_)
      if (hashes_[i] == h) f(ids_[i]);
  }

 private:
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> ids_;
  size_t mask_ = 0;
};

uint64_t binomial_sum(size_t n, size_t dmax) {
  uint64_t total = 0, c = 1;
  for (size_t d = 1; d <= dmax; ++d) {
    c = c * (n - d + 1) / d;
    total += c;
    if (total > kMaxVariants) return total;
  }
  return total;
}

class ProgressGate {
 public:
  ProgressGate(const JoinOptions& o, uint64_t total) : o_(o), total_(total) {}
  void add(uint64_t n) {
    const uint64_t done = done_.fetch_add(n) + n;
    if (!o_.progress) return;
    std::lock_guard<std::mutex> lock(mutex_);
    o_.progress(std::min(done, total_), total_);
  }

 private:
  const JoinOptions& o_;
  uint64_t total_;
  std::atomic<uint64_t> done_{0};
  std::mutex mutex_;
};

// Pairs of similar distinct stems (shorter or equal-length id first is not implied), as
// adjacency lists in CSR form.
struct StemGraph {
  std::vector<uint64_t> begin;  // stems.size() + 1
  std::vector<uint32_t> next;
  uint64_t pairs = 0;
};

StemGraph stem_graph(const std::vector<Stem>& stems, const SimilarityParams& p, const JoinOptions& o) {
  const size_t m = stems.size();
  size_t max_codes = 0, max_len = 0;
  for (const auto& s : stems) {
    max_codes = std::max(max_codes, s.text.size());
    max_len = std::max<size_t>(max_len, s.length);
  }
  std::vector<uint64_t> pow(max_codes + 2, 1);
  for (size_t i = 1; i < pow.size(); ++i) pow[i] = pow[i - 1] * kBase;

  // Only stems that can be the shorter of a pair go in the table.
  StemTable table(m);
  std::vector<std::vector<uint32_t>> by_length(max_len + 1);
  for (uint32_t id = 0; id < m; ++id) {
    const auto& t = stems[id].text;
    if (stems[id].length < p.min_length) continue;
    uint64_t h = 0;
    for (char32_t c : t) h = h * kBase + char_code(c);
    table.insert(h, id);
    by_length[stems[id].length].push_back(id);
  }

  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> found;
  std::mutex found_mutex;
  ProgressGate gate(o, m);
  util::parallel_for(m, o.jobs, [&](size_t b, size_t e) {
    std::vector<std::pair<uint32_t, uint32_t>> out;
    std::vector<uint64_t> prefix;
    std::vector<uint32_t> hits;
    for (size_t li = b; li < e; ++li) {
      const uint32_t l = static_cast<uint32_t>(li);
      const std::u32string& t = stems[l].text;
      const size_t n = t.size();
      const size_t len_l = stems[l].length;
      // Characters the longer may add; each deleted code is worth at least one.
      const size_t dmax = max_added_characters(len_l, p);
      if (dmax == 0) continue;
      hits.clear();
      auto verify = [&](uint32_t s) {
        if (s != l && stems[s].length < len_l && compare_stems(stems[s], stems[l], p) != SimilarReason::none)
          hits.push_back(s);
      };
      if (binomial_sum(n, std::min(dmax, n)) > kMaxVariants) {
        for (size_t len = len_l - dmax; len < len_l; ++len)
          for (uint32_t s : by_length[len]) verify(s);
      } else {
        prefix.assign(n + 1, 0);
        for (size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] * kBase + char_code(t[i]);
        auto segment = [&](size_t from, size_t to) { return prefix[to] - prefix[from] * pow[to - from]; };
        // Deletes one more code at or after `from`, worth at most `left` characters (the
        // separator is worth none and never goes), looks the variant up, and goes on
        // deleting after it; h is the hash of what is kept before `from`.
        auto enumerate = [&](auto&& self, size_t from, uint64_t h, size_t left) -> void {
          for (size_t q = from; q < n; ++q) {
            // In a run of equal codes only the first may go: the rest give the same string.
            if (q > from && t[q] == t[q - 1]) continue;
            const size_t w = stem_code_width(t[q]);
            if (w == 0 || w > left) continue;
            const uint64_t kept = h * pow[q - from] + segment(from, q);
            table.find(kept * pow[n - q - 1] + segment(q + 1, n), verify);
            self(self, q + 1, kept, left - w);
          }
        };
        enumerate(enumerate, 0, 0, dmax);
      }
      std::sort(hits.begin(), hits.end());
      hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
      for (uint32_t s : hits) out.emplace_back(s, l);
    }
    {
      std::lock_guard<std::mutex> lock(found_mutex);
      found.push_back(std::move(out));
    }
    gate.add(e - b);
  });

  StemGraph g;
  g.begin.assign(m + 1, 0);
  for (const auto& f : found) {
    g.pairs += f.size();
    for (const auto& [a, b] : f) {
      ++g.begin[a + 1];
      ++g.begin[b + 1];
    }
  }
  for (size_t i = 0; i < m; ++i) g.begin[i + 1] += g.begin[i];
  g.next.resize(g.begin[m]);
  std::vector<uint64_t> fill(g.begin.begin(), g.begin.end() - 1);
  for (auto& f : found) {
    for (const auto& [a, b] : f) {
      g.next[fill[a]++] = b;
      g.next[fill[b]++] = a;
    }
    f.clear();
    f.shrink_to_fit();
  }
  return g;
}

// Turns an orphan (a representative no other title joined, though it is similar to b) into
// part of a star, keeping every cluster a star of at least two.
void attach_orphan(uint32_t c, uint32_t b, std::vector<uint32_t>& center, std::vector<uint32_t>& size) {
  const uint32_t a = center[b];
  if (a == b) {  // b represents a cluster: c joins it
    center[c] = b;
    ++size[b];
    size[c] = 0;
  } else if (size[a] >= 3) {  // b leaves a's cluster (still two or more) for c's
    --size[a];
    center[b] = c;
    size[c] = 2;
  } else {  // a's cluster is {a, b}: b, similar to both, represents {a, b, c}
    center[a] = b;
    center[b] = b;
    center[c] = b;
    size[b] = 3;
    size[a] = 0;
    size[c] = 0;
  }
}

// The part of title q (TitleSet::part may be left empty: one part).
uint8_t part_of(const TitleSet& set, size_t q) { return set.part.empty() ? 0 : set.part[q]; }

void join_exhaustive(const TitleSet& set, const SimilarityParams& p, const JoinOptions& o, TitleJoin& out) {
  const size_t n = set.key.size();
  const size_t keys = set.key_stem.size();
  const size_t parts = set.parts;
  auto similar = [&](uint32_t ka, uint32_t kb) {
    return ka != kb &&
           compare_stems(set.stems[set.key_stem[ka]], set.stems[set.key_stem[kb]], p) != SimilarReason::none;
  };
  ProgressGate gate(o, n + keys);
  out.earliest.assign(parts, std::vector<uint32_t>(n, kNone));
  util::parallel_for(n, o.jobs, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      size_t found = 0;
      for (uint32_t q = 0; q < n && found < parts; ++q) {
        auto& first = out.earliest[part_of(set, q)][i];
        if (first == kNone && similar(set.key[i], set.key[q])) {
          first = q;
          ++found;
        }
      }
    }
    gate.add(e - b);
  }, 64);
  // Leaders in order: each key joins the first leader it is similar to, else leads.
  std::vector<uint32_t> leaders;
  std::vector<uint32_t> size(keys, 0);
  out.center.assign(keys, kNone);
  for (uint32_t k = 0; k < keys; ++k) {
    for (uint32_t l : leaders)
      if (similar(k, l)) {
        out.center[k] = l;
        ++size[l];
        break;
      }
    if (out.center[k] == kNone) {
      out.center[k] = k;
      size[k] = 1;
      leaders.push_back(k);
    }
  }
  for (uint32_t c : leaders) {
    if (size[c] != 1) continue;
    for (uint32_t u = 0; u < keys; ++u)
      if (similar(c, u)) {
        attach_orphan(c, u, out.center, size);
        break;
      }
  }
  gate.add(keys);
}

void join_fast(const TitleSet& set, const SimilarityParams& p, const JoinOptions& o, TitleJoin& out) {
  const size_t n = set.key.size();
  const size_t keys = set.key_stem.size();
  const size_t m = set.stems.size();
  const size_t parts = set.parts;
  const StemGraph g = stem_graph(set.stems, p, o);
  out.stem_pairs = g.pairs;

  // Per part and stem: the first title and the first title with another key than that one;
  // the first title of each neighbouring stem is then all the earliest look-up needs.
  out.earliest.assign(parts, std::vector<uint32_t>(n, kNone));
  std::vector<uint32_t> first(m), second(m), nearest(m);
  for (size_t part = 0; part < parts; ++part) {
    std::fill(first.begin(), first.end(), kNone);
    std::fill(second.begin(), second.end(), kNone);
    for (uint32_t q = 0; q < n; ++q) {
      if (part_of(set, q) != part) continue;
      const uint32_t s = set.key_stem[set.key[q]];
      if (first[s] == kNone) first[s] = q;
      else if (second[s] == kNone && set.key[q] != set.key[first[s]]) second[s] = q;
    }
    for (size_t s = 0; s < m; ++s) {
      uint32_t best = kNone;
      for (uint64_t i = g.begin[s]; i < g.begin[s + 1]; ++i) best = std::min(best, first[g.next[i]]);
      nearest[s] = best;
    }
    auto& earliest = out.earliest[part];
    for (size_t q = 0; q < n; ++q) {
      const uint32_t s = set.key_stem[set.key[q]];
      const uint32_t same = first[s] != kNone && set.key[first[s]] != set.key[q] ? first[s] : second[s];
      earliest[q] = std::min(same, nearest[s]);
    }
  }

  // Leaders over keys in order of first occurrence. All keys of one stem are similar to the
  // same leaders, so the choice is made once per stem, when its first key comes.
  std::vector<uint32_t> stem_first_key(m, kNone), stem_leader(m, kNone), stem_choice(m, kNone);
  for (uint32_t k = 0; k < keys; ++k) {
    const uint32_t s = set.key_stem[k];
    if (stem_first_key[s] == kNone) stem_first_key[s] = k;
  }
  std::vector<uint32_t> size(keys, 0);
  out.center.assign(keys, kNone);
  for (uint32_t k = 0; k < keys; ++k) {
    const uint32_t s = set.key_stem[k];
    if (stem_first_key[s] == k) {
      uint32_t best = kNone;
      for (uint64_t i = g.begin[s]; i < g.begin[s + 1]; ++i) {
        const uint32_t t = g.next[i];
        if (stem_first_key[t] < k) best = std::min(best, stem_leader[t]);
      }
      if (best == kNone) {
        stem_leader[s] = k;
        stem_choice[s] = k;
      } else {
        stem_choice[s] = best;
      }
    }
    out.center[k] = stem_choice[s];
    ++size[stem_choice[s]];
  }
  for (uint32_t c = 0; c < keys; ++c) {
    if (out.center[c] != c || size[c] != 1) continue;
    const uint32_t s = set.key_stem[c];
    uint32_t b = kNone;
    for (uint64_t i = g.begin[s]; i < g.begin[s + 1]; ++i) b = std::min(b, stem_first_key[g.next[i]]);
    if (b != kNone) attach_orphan(c, b, out.center, size);
  }
}

}  // namespace

TitleJoin join_titles(const TitleSet& set, const SimilarityParams& params, const JoinOptions& options) {
  TitleJoin out;
  const size_t keys = set.key_stem.size();
  out.key_first.assign(keys, kNone);
  for (uint32_t q = 0; q < set.key.size(); ++q)
    if (out.key_first[set.key[q]] == kNone) out.key_first[set.key[q]] = q;
  if (options.exhaustive)
    join_exhaustive(set, params, options, out);
  else
    join_fast(set, params, options, out);
  return out;
}

}  // namespace tplguard::similarity
