#pragma once
// The one way the library starts threads. A thread the system refuses (std::thread throws
// when pthread_create fails: `ulimit -u`, `ulimit -v`) is not fatal: the work runs on the
// threads already started, down to the calling thread alone.
#include <functional>

namespace tplguard::util {

// Calls work() on the calling thread and on up to `extra` more threads, and returns once
// every call has returned, with the number of threads that ran it (1 to extra + 1). Each
// call must take items from a shared counter until none are left, so that any number of
// threads does all the work. An exception thrown by a call on any thread is rethrown here
// (the first one) after all have joined, instead of ending the process.
unsigned run_workers(unsigned extra, const std::function<void()>& work);

}  // namespace tplguard::util
