// The emulator's PKI, generated at start with OpenSSL: a CA, a server
// certificate for 127.0.0.1 and localhost, and a client certificate for
// client-certificate authentication. Touches nothing but memory.
#pragma once
#include <openssl/ssl.h>

#include <string>

namespace qareports::emulator {

struct TlsMaterial {
  std::string ca_pem;
  std::string server_cert_pem;
  std::string server_key_pem;
  std::string client_cert_pem;
  std::string client_key_pem;
};

// Returns false (with a message) when OpenSSL fails.
bool GenerateTlsMaterial(TlsMaterial* out, std::string* error);
// Configures a server context: its certificate and key, and optional
// client certificates signed by our CA. Returns false on failure.
bool ConfigureServerContext(const TlsMaterial& m, SSL_CTX& ctx);
// The subject CN of the verified client certificate, or "" when none.
std::string VerifiedClientName(const SSL* ssl);

}  // namespace qareports::emulator
