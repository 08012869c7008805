// Writes the kubeconfig a client uses to reach the emulator: the CA, the
// server URL, and three users with a context each: the admin token
// (current context "emulator"), the read-only token ("emulator-readonly")
// and the client certificate ("emulator-cert").
#pragma once
#include <string>

#include "api/api_server.h"
#include "api/tls_material.h"

namespace qareports::emulator {

// Returns false (with a message) when the file cannot be written.
bool WriteKubeconfig(const std::string& path, const std::string& server, const TlsMaterial& tls,
                     const Credentials& creds, std::string* error);

}  // namespace qareports::emulator
