#pragma once
// The hours of the day when patients leave a bed (wards discharge and transport runs), shared by the
// model's discharges and by the baseline's estimate of the delays inside the published lengths of stay.
#include <cmath>
#include <cstdint>

#include "icsflow/models/params.hpp"

namespace icsflow::models::detail {

// Minutes from minute `t` (minute 0 is a midnight) until the discharge window is open; 0 inside it.
inline std::int64_t until_discharge_window(const SocialCareParams& social, std::int64_t t) {
  constexpr std::int64_t kMinutesPerDay = 24 * 60;
  const auto opens = static_cast<std::int64_t>(std::llround(social.discharge_window_start_hour * 60));
  const auto closes = static_cast<std::int64_t>(std::llround(social.discharge_window_end_hour * 60));
  const std::int64_t minute = t % kMinutesPerDay;
  if (minute >= opens && minute < closes) return 0;
  return minute < opens ? opens - minute : kMinutesPerDay - minute + opens;
}

}  // namespace icsflow::models::detail
