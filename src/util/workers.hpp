#pragma once
// The one way the library starts threads. A thread the system refuses (std::thread throws
// when pthread_create fails: `ulimit -u`, `ulimit -v`) is not fatal: the work runs on the
// threads already started, down to the calling thread alone.
#include <cstddef>
#include <functional>

namespace tplguard::util {

// Calls work() on the calling thread and on up to `extra` more threads, and returns once
// every call has returned, with the number of threads that ran it (1 to extra + 1). Each
// call must take items from a shared counter until none are left, so that any number of
// threads does all the work. An exception thrown by a call on any thread is rethrown here
// (the first one) after all have joined, instead of ending the process.
unsigned run_workers(unsigned extra, const std::function<void()>& work);

// Number of worker threads for `jobs` (0: the machine's cores).
unsigned resolve_jobs(unsigned jobs);

// Runs fn(begin, end) over [0, n) in blocks on up to `jobs` threads (run_workers).
void parallel_for(size_t n, unsigned jobs, const std::function<void(size_t begin, size_t end)>& fn,
                  size_t block = 1024);

}  // namespace tplguard::util
