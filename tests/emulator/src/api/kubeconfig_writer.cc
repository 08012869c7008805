#include "api/kubeconfig_writer.h"

#include <sstream>

#include "storage/atomic_file.h"
#include "storage/base64.h"

namespace qareports::emulator {

bool WriteKubeconfig(const std::string& path, const std::string& server, const TlsMaterial& tls,
                     const Credentials& creds, std::string* error) {
  std::ostringstream out;
  out << "apiVersion: v1\nkind: Config\n"
      << "clusters:\n- name: emulator\n  cluster:\n    server: " << server << "\n"
      << "    certificate-authority-data: " << Base64Encode(tls.ca_pem) << "\n"
      << "users:\n- name: emulator-admin\n  user:\n    token: " << creds.admin_token << "\n"
      << "- name: emulator-readonly\n  user:\n    token: " << creds.readonly_token << "\n"
      << "- name: emulator-cert\n  user:\n"
      << "    client-certificate-data: " << Base64Encode(tls.client_cert_pem) << "\n"
      << "    client-key-data: " << Base64Encode(tls.client_key_pem) << "\n"
      << "contexts:\n"
      << "- name: emulator\n  context:\n    cluster: emulator\n    user: emulator-admin\n    namespace: default\n"
      << "- name: emulator-readonly\n  context:\n    cluster: emulator\n    user: emulator-readonly\n    namespace: default\n"
      << "- name: emulator-cert\n  context:\n    cluster: emulator\n    user: emulator-cert\n    namespace: default\n"
      << "current-context: emulator\n";
  return WriteFileAtomically(path, out.str(), error);
}

}  // namespace qareports::emulator
