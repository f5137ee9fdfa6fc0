#pragma once
// Tells ThreadSanitizer about synchronisation it cannot see.
//
// TBB synchronises a parallel_for's tasks with the thread that started it, but inside libtbb, which
// distributions ship uninstrumented: TSan then takes every hand-over of data between the serial part
// of a run and its parallel windows for a data race. Suppressing reports that pass through libtbb
// would also hide real races between handlers (every worker's stack passes through it), so instead
// the engine states the two orderings TBB guarantees, and nothing more:
//  - everything before a window's parallel_for happens before every task of it;
//  - every task of a window happens before what follows the parallel_for.
// Tasks of the same window stay unordered, as they are, so races between them are still reported.
// Outside TSan builds these are empty inline functions.
#if defined(__SANITIZE_THREAD__)
#define ICSFLOW_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ICSFLOW_TSAN 1
#endif
#endif

#ifdef ICSFLOW_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace icsflow::sim::kernel {

// A happens-before edge from a happens_before(x) to every later happens_after(x) on another thread.
// (A null address stands for "no other thread involved".)
inline void happens_before([[maybe_unused]] void* sync) {
#ifdef ICSFLOW_TSAN
  if (sync != nullptr) __tsan_release(sync);
#endif
}

inline void happens_after([[maybe_unused]] void* sync) {
#ifdef ICSFLOW_TSAN
  if (sync != nullptr) __tsan_acquire(sync);
#endif
}

}  // namespace icsflow::sim::kernel
