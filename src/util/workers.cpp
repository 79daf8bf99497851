#include "util/workers.hpp"

#include <algorithm>
#include <atomic>

#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

namespace tplguard::util {

namespace {

// Under an address-space limit (ulimit -v) a thread costs its stack and, from its first
// allocation, a malloc arena (glibc reserves 64 MiB each), used or not: threads that take
// more than half the limit leave too little for the work itself (measured: 64 threads under
// 768 MiB end in bad_alloc or in glibc's own abort). So at most that many, the caller's
// included.
unsigned address_space_cap() {
  rlimit as{};
  if (getrlimit(RLIMIT_AS, &as) != 0 || as.rlim_cur == RLIM_INFINITY) return std::numeric_limits<unsigned>::max();
  rlimit st{};
  uint64_t stack = 8u << 20;
  if (getrlimit(RLIMIT_STACK, &st) == 0 && st.rlim_cur != RLIM_INFINITY) stack = st.rlim_cur;
  const uint64_t per_thread = stack + (64u << 20);
  return static_cast<unsigned>(std::clamp<uint64_t>(as.rlim_cur / 2 / per_thread, 1, 1024));
}

}  // namespace

unsigned run_workers(unsigned extra, const std::function<void()>& work) {
  extra = std::min(extra, address_space_cap() - 1);
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto guarded = [&] {
    try {
      work();
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  try {
    threads.reserve(extra);
  } catch (const std::bad_alloc&) {
    extra = 0;
  }
  for (unsigned i = 0; i < extra; ++i) {
    try {
      threads.emplace_back(guarded);
    } catch (const std::system_error&) {
      break;  // no more threads now: the ones started (and this one) share the work
    } catch (const std::bad_alloc&) {
      break;
    }
  }
  guarded();
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  return static_cast<unsigned>(threads.size()) + 1;
}

unsigned resolve_jobs(unsigned jobs) {
  if (jobs > 0) return jobs;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

void parallel_for(size_t n, unsigned jobs, const std::function<void(size_t, size_t)>& fn, size_t block) {
  jobs = resolve_jobs(jobs);
  if (n == 0) return;
  if (jobs == 1 || n <= block) {
    fn(0, n);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t b; (b = next.fetch_add(block)) < n;) fn(b, std::min(n, b + block));
  };
  const size_t extra = std::min<size_t>(jobs - 1, (n + block - 1) / block - 1);
  run_workers(static_cast<unsigned>(extra), work);
}

}  // namespace tplguard::util
