// The public handle of a simulation, forwarding to the kernel's Engine.
#include "icsflow/sim/simulation.hpp"

#include "kernel/engine.hpp"

namespace icsflow::sim {

Simulation::Simulation(const SimulationConfig& config) : engine_(std::make_unique<kernel::Engine>(config)) {}
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;
Simulation::~Simulation() = default;

std::uint32_t Simulation::process_count() const { return engine_->process_count(); }
Process& Simulation::process(ProcessId id) { return engine_->process(id); }
Time Simulation::now() const { return engine_->now(); }
Time Simulation::lookahead() const { return engine_->lookahead(); }
void Simulation::run_until(Time end, const RunOptions& options) { engine_->run_until(end, options); }
SimulationStats Simulation::stats() const { return engine_->stats(); }
std::size_t Simulation::pending_events() const { return engine_->pending_events(); }

}  // namespace icsflow::sim
