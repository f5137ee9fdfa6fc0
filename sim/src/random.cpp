#include "icsflow/sim/random.hpp"

#include <cmath>

namespace icsflow::sim {

// Inversion, so one uniform per draw and a monotone map (good for common random numbers). 1 - u is
// exact for the 53-bit u of uniform(), so log(1 - u) is as accurate as log1p(-u), and cheaper.
double RandomStream::exponential(double rate) { return -std::log(1.0 - uniform()) / rate; }

}  // namespace icsflow::sim
