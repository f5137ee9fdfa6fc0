#pragma once
// Typed exceptions for misuse of the engine. Every check that guards against undefined behaviour throws
// one of these with a message that says what was wrong and with which values.
#include <stdexcept>
#include <string>

namespace icsflow::sim {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A delay or time that would move an event into the past.
class InvalidDelay : public Error {
 public:
  using Error::Error;
};

// A message between processes that would arrive sooner than the lookahead allows.
class LookaheadViolation : public Error {
 public:
  using Error::Error;
};

// Releasing a resource unit that the claim does not hold (never granted, already released, or stale).
class NotHeld : public Error {
 public:
  using Error::Error;
};

// A resource released from an event that runs after the seizes at its time (a normal- or late-priority
// event): the unit would come free too late for them. Release from an event scheduled Priority::early.
class OrderViolation : public Error {
 public:
  using Error::Error;
};

// A capacity or queue limit below zero.
class InvalidCapacity : public Error {
 public:
  using Error::Error;
};

// Any other argument outside its allowed range (unknown process, zero lookahead, ...).
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

}  // namespace icsflow::sim
