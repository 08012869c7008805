// Errors as values: an Error has a kind (the outcome classes of DESIGN.md),
// a message and a place (file:line:column and field) when input was at fault.
// Result<T> holds a value or an Error. Touches nothing.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace qareports {

enum class ErrorKind {
  kUsage,         // the command line was wrong
  kInvalidInput,  // config, manifest, version string... before any change
  kUnavailable,   // a dependency is unreachable before any change
  kLockHeld,      // another pipeline holds the deploy lock
  kFailed,        // the job failed; the environment is in a known state
  kUnsafe,        // the environment may be in an unknown state
};

struct Error {
  ErrorKind kind = ErrorKind::kFailed;
  std::string message;
  std::string place;  // "file:line:column" or "file", empty when none
  std::string field;  // the config field or item at fault, empty when none

  static Error Usage(std::string message) { return {ErrorKind::kUsage, std::move(message), {}, {}}; }
  static Error InvalidInput(std::string message, std::string place = {}, std::string field = {}) {
    return {ErrorKind::kInvalidInput, std::move(message), std::move(place), std::move(field)};
  }
  static Error Unavailable(std::string message) { return {ErrorKind::kUnavailable, std::move(message), {}, {}}; }
  static Error LockHeld(std::string message) { return {ErrorKind::kLockHeld, std::move(message), {}, {}}; }
  static Error Failed(std::string message) { return {ErrorKind::kFailed, std::move(message), {}, {}}; }
  static Error Unsafe(std::string message) { return {ErrorKind::kUnsafe, std::move(message), {}, {}}; }

  // "place: field: message", leaving out what is empty.
  std::string ToString() const {
    std::string out;
    if (!place.empty()) out += place + ": ";
    if (!field.empty()) out += field + ": ";
    return out + message;
  }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}
  Result(Error error) : data_(std::move(error)) {}

  bool ok() const { return data_.index() == 0; }
  const T& value() const& { return std::get<0>(data_); }
  T& value() & { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  const Error& error() const { return std::get<1>(data_); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Error> data_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}

  bool ok() const { return !error_.has_value(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace qareports
