#include "api/tls_material.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace qareports::emulator {

namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

KeyPtr NewKey() { return KeyPtr(EVP_EC_gen("P-256"), EVP_PKEY_free); }

std::string KeyPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  return out;
}

std::string CertPem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  return out;
}

void AddExt(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext) {
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
}

// A certificate for `key` signed by `issuer_key` (self-signed when issuer is null).
CertPtr MakeCert(EVP_PKEY* key, const char* cn, const char* org, X509* issuer,
                 EVP_PKEY* issuer_key, bool ca, const char* san, const char* usage) {
  CertPtr cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * 365);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (org) X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(org), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509* iss = issuer ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(iss));
  AddExt(cert.get(), iss, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  AddExt(cert.get(), iss, NID_key_usage, ca ? "critical,keyCertSign,cRLSign,digitalSignature"
                                            : "critical,digitalSignature,keyEncipherment");
  AddExt(cert.get(), iss, NID_subject_key_identifier, "hash");
  if (!ca) AddExt(cert.get(), iss, NID_authority_key_identifier, "keyid");
  if (usage) AddExt(cert.get(), iss, NID_ext_key_usage, usage);
  if (san) AddExt(cert.get(), iss, NID_subject_alt_name, san);
  if (X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) == 0) cert.reset();
  return cert;
}

}  // namespace

bool GenerateTlsMaterial(TlsMaterial* out, std::string* error) {
  KeyPtr ca_key = NewKey(), server_key = NewKey(), client_key = NewKey();
  if (!ca_key || !server_key || !client_key) {
    *error = "cannot generate EC keys";
    return false;
  }
  CertPtr ca = MakeCert(ca_key.get(), "qareports-emulator-ca", nullptr, nullptr, nullptr, true,
                        nullptr, nullptr);
  if (!ca) {
    *error = "cannot sign the CA certificate";
    return false;
  }
  CertPtr server = MakeCert(server_key.get(), "qareports-emulator", nullptr, ca.get(), ca_key.get(),
                            false, "IP:127.0.0.1,DNS:localhost", "serverAuth");
  CertPtr client = MakeCert(client_key.get(), "emulator-admin", "system:masters", ca.get(),
                            ca_key.get(), false, nullptr, "clientAuth");
  if (!server || !client) {
    *error = "cannot sign the server or client certificate";
    return false;
  }
  out->ca_pem = CertPem(ca.get());
  out->server_cert_pem = CertPem(server.get());
  out->server_key_pem = KeyPem(server_key.get());
  out->client_cert_pem = CertPem(client.get());
  out->client_key_pem = KeyPem(client_key.get());
  return true;
}

static X509* ReadCert(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return cert;
}

bool ConfigureServerContext(const TlsMaterial& m, SSL_CTX& ctx) {
  X509* cert = ReadCert(m.server_cert_pem);
  X509* ca = ReadCert(m.ca_pem);
  BIO* kbio = BIO_new_mem_buf(m.server_key_pem.data(), static_cast<int>(m.server_key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(kbio, nullptr, nullptr, nullptr);
  BIO_free(kbio);
  bool ok = cert && ca && key && SSL_CTX_use_certificate(&ctx, cert) == 1 &&
            SSL_CTX_use_PrivateKey(&ctx, key) == 1 &&
            X509_STORE_add_cert(SSL_CTX_get_cert_store(&ctx), ca) == 1 &&
            SSL_CTX_add_client_CA(&ctx, ca) == 1;
  SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, nullptr);
  // A server that asks for client certificates must name its sessions, or
  // OpenSSL refuses every resumed handshake (SSL_R_SESSION_ID_CONTEXT_UNINITIALIZED).
  static const unsigned char kSessionContext[] = "qareports-emulator";
  SSL_CTX_set_session_id_context(&ctx, kSessionContext, sizeof kSessionContext - 1);
  if (cert) X509_free(cert);
  if (ca) X509_free(ca);
  if (key) EVP_PKEY_free(key);
  return ok;
}

std::string VerifiedClientName(const SSL* ssl) {
  if (ssl == nullptr) return "";
  X509* peer = SSL_get1_peer_certificate(ssl);
  if (peer == nullptr) return "";
  std::string cn;
  if (SSL_get_verify_result(ssl) == X509_V_OK) {
    char buf[256] = {0};
    X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, buf, sizeof buf);
    cn = buf;
  }
  X509_free(peer);
  return cn;
}

}  // namespace qareports::emulator
