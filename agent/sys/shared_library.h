// A shared library opened at run time, the first time a command needs it,
// and its functions looked up by name. When it cannot be opened or lacks a
// function, LibraryUnavailable is thrown, naming the Debian package that
// provides it; the command line turns it into an Unavailable error (exit 69,
// the report still written): nothing has been changed by then, as a library
// is loaded before the first request. Side effect: loads a shared library.
#pragma once

#include <stdexcept>
#include <string>

namespace qareports::sys {

class LibraryUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SharedLibrary {
 public:
  // `soname`: "libcurl.so.4"; `package`: "libcurl4", named in the error.
  SharedLibrary(const char* soname, const char* package);

  template <typename F>
  void Resolve(const char* name, F& into) const {
    into = reinterpret_cast<F>(Symbol(name));
  }
  // The symbol, searched in the library and those it depends on; null when none has it.
  void* Find(const char* name) const;
  [[noreturn]] void Unavailable(const std::string& what) const;

 private:
  void* Symbol(const char* name) const;

  const char* soname_;
  const char* package_;
  void* handle_ = nullptr;
};

}  // namespace qareports::sys
