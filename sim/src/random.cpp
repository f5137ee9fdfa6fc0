#include "icsflow/sim/random.hpp"

#include <cmath>

namespace icsflow::sim {

double RandomStream::exponential(double rate) { return -std::log1p(-uniform()) / rate; }

}  // namespace icsflow::sim
