#pragma once
// Strong ids of the model's logical processes and id-indexed containers: a borough's id cannot index the
// acute sites by mistake, and no call site converts between plain integers.
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <ranges>
#include <utility>
#include <vector>

namespace icsflow::models::detail {

// An index into one kind of thing, stored in `Rep` (small enough to travel inside an event).
template <class Tag, std::unsigned_integral Rep = std::uint32_t>
class Id {
 public:
  constexpr Id() = default;
  template <std::integral I>
  constexpr explicit Id(I index) : value_(static_cast<Rep>(index)) {}
  [[nodiscard]] constexpr std::size_t index() const { return value_; }
  constexpr auto operator<=>(const Id&) const = default;

 private:
  Rep value_ = 0;
};

using BoroughId = Id<struct BoroughTag, std::uint8_t>;
using SiteId = Id<struct SiteTag, std::uint16_t>;
using PcnId = Id<struct PcnTag, std::uint16_t>;  // a primary care network: one resident shard

// A vector indexed by one kind of id only.
template <class IdT, class T>
class IdVector {
 public:
  IdVector() = default;
  explicit IdVector(std::size_t size, const T& value = T{}) : items_(size, value) {}

  [[nodiscard]] T& operator[](IdT id) { return items_[id.index()]; }
  [[nodiscard]] const T& operator[](IdT id) const { return items_[id.index()]; }
  [[nodiscard]] std::size_t size() const { return items_.size(); }
  [[nodiscard]] bool empty() const { return items_.empty(); }
  void reserve(std::size_t size) { items_.reserve(size); }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    return items_.emplace_back(std::forward<Args>(args)...);
  }
  // The ids in order: for (const SiteId s : sites.ids()).
  [[nodiscard]] auto ids() const {
    return std::views::iota(std::size_t{0}, items_.size()) |
           std::views::transform([](std::size_t i) { return IdT(i); });
  }
  [[nodiscard]] auto begin() { return items_.begin(); }
  [[nodiscard]] auto end() { return items_.end(); }
  [[nodiscard]] auto begin() const { return items_.begin(); }
  [[nodiscard]] auto end() const { return items_.end(); }

 private:
  std::vector<T> items_;
};

}  // namespace icsflow::models::detail
