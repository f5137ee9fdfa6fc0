#pragma once
// Private to icsflow_results: an HDF5 identifier closed at the end of its scope.
#include <hdf5.h>

namespace icsflow::results::detail {

// Before the first HDF5 call: errors come back as ResultsError (no printed stacks), and the library does
// not close files at exit — icsflow closes each one itself, and HDF5 1.10 crashes at exit on a file whose
// close failed (a full disk).
inline void start_hdf5() {
  static const bool started = [] {
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)started;
}

class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle& operator=(Handle&&) = delete;
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  operator hid_t() const { return id_; }  // NOLINT(google-explicit-constructor)
  [[nodiscard]] bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

}  // namespace icsflow::results::detail
