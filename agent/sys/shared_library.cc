#include "sys/shared_library.h"

#include <dlfcn.h>

namespace qareports::sys {

SharedLibrary::SharedLibrary(const char* soname, const char* package) : soname_(soname), package_(package) {
  handle_ = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle_) Unavailable(dlerror());
}

void SharedLibrary::Unavailable(const std::string& what) const {
  throw LibraryUnavailable(std::string("cannot load ") + soname_ + " (Debian's " + package_ + "): " + what);
}

void* SharedLibrary::Find(const char* name) const { return dlsym(handle_, name); }

void* SharedLibrary::Symbol(const char* name) const {
  void* symbol = Find(name);
  if (!symbol) Unavailable(std::string(name) + " is missing");
  return symbol;
}

}  // namespace qareports::sys
