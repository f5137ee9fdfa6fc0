#pragma once
// A callable stored inline in a fixed number of bytes: no heap allocation per event.
//
// Only trivially copyable callables are accepted (lambdas capturing ids, pointers and numbers). Events
// carry references to state the model owns, not the state itself; this keeps every pending event the
// same small size and lets the engine copy events with memcpy.
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

namespace icsflow::sim {

template <class Signature, std::size_t Capacity>
class InplaceFunction;

template <class R, class... Args, std::size_t Capacity>
class InplaceFunction<R(Args...), Capacity> {
 public:
  InplaceFunction() = default;

  template <class F>
  requires(!std::is_same_v<std::decay_t<F>, InplaceFunction> && std::is_invocable_r_v<R, std::decay_t<F>&, Args...>)
      InplaceFunction(F&& f) {  // NOLINT(google-explicit-constructor): lambdas convert implicitly by design
    emplace(std::forward<F>(f));
  }

  // Replaces the callable by `f`, built in place. Cheaper than assigning a converted temporary: copying
  // a freshly built temporary reads back bytes just written in pieces, which stalls the processor.
  template <class F>
  requires(!std::is_same_v<std::decay_t<F>, InplaceFunction> &&
           std::is_invocable_r_v<R, std::decay_t<F>&, Args...>) void emplace(F&& f) {
    using Fn = std::decay_t<F>;
    static_assert(sizeof(Fn) <= Capacity,
                  "event callable too large: capture ids and pointers into model-owned state, not objects");
    static_assert(std::is_trivially_copyable_v<Fn> && std::is_trivially_destructible_v<Fn>,
                  "event callable must be trivially copyable: capture ids and pointers, not std::string, "
                  "std::vector or smart pointers");
    static_assert(alignof(Fn) <= alignof(std::uint64_t), "event callable over-aligned");
    ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
    invoke_ = [](void* storage, Args... args) -> R {
      return (*std::launder(reinterpret_cast<Fn*>(storage)))(std::forward<Args>(args)...);
    };
  }

  R operator()(Args... args) { return invoke_(storage_, std::forward<Args>(args)...); }

  explicit operator bool() const { return invoke_ != nullptr; }

 private:
  alignas(std::uint64_t) unsigned char storage_[Capacity]{};
  R (*invoke_)(void*, Args...) = nullptr;
};

}  // namespace icsflow::sim
