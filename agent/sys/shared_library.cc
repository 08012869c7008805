#include "sys/shared_library.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace qareports::sys {
namespace {

constexpr int kUnavailable = 69;  // cli/exit_code.h: a dependency is unavailable

}  // namespace

SharedLibrary::SharedLibrary(const char* soname, const char* package) : soname_(soname), package_(package) {
  handle_ = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle_) Unavailable(dlerror());
}

void SharedLibrary::Unavailable(const std::string& what) const {
  std::fprintf(stderr, "error: cannot load %s (Debian's %s): %s\n", soname_, package_, what.c_str());
  std::exit(kUnavailable);
}

void* SharedLibrary::Find(const char* name) const { return dlsym(handle_, name); }

void* SharedLibrary::Symbol(const char* name) const {
  void* symbol = Find(name);
  if (!symbol) Unavailable(std::string(name) + " is missing");
  return symbol;
}

}  // namespace qareports::sys
