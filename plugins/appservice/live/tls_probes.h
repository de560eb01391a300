// What the TLS checks judge, measured by handshakes with the endpoint:
//   protocols:   {"TLSv1": true|false|null, "TLSv1.1", "TLSv1.2", "TLSv1.3"} (null: this
//                OpenSSL cannot offer that version, so it was not measured)
//   weakCiphers: {"<family>": {"accepted": bool, "cipher": "<negotiated suite>"} or
//                {"untested": "<why>"}} for the families of kWeakCipherFamilies, over TLS 1.2
//   certificate: subject, issuer, notBefore, notAfter (ISO 8601), selfSigned, chainVerified,
//                verifyError, hostnameMatches, name (what it was matched against)
#pragma once

#include <bulwark/plugin.hpp>

#include "live/endpoint_settings.h"

namespace bulwark::appservice::live {

struct WeakCipherFamily {
  const char* name;
  const char* ciphers;  // an OpenSSL cipher list selecting the family only
};

// RC4, 3DES, NULL (no encryption), EXPORT, anonymous (no authentication) and CBC with a SHA-1
// MAC. OpenSSL 3 ships no RC4 or EXPORT suite in its default provider; those are reported
// "untested" rather than accepted or refused.
inline constexpr WeakCipherFamily kWeakCipherFamilies[] = {
    {"RC4", "RC4:@SECLEVEL=0"},
    {"3DES", "3DES:@SECLEVEL=0"},
    {"NULL", "eNULL:@SECLEVEL=0"},
    {"EXPORT", "EXP:@SECLEVEL=0"},
    {"anonymous", "aNULL:!eNULL:@SECLEVEL=0"},
    {"CBC-SHA1", "AES+SHA1:CAMELLIA+SHA1:SEED+SHA1:!aNULL:!eNULL:@SECLEVEL=0"},
};

// Reads the certificate over one permissive handshake; throws ConnectionError naming the step
// when the endpoint cannot be reached or accepts no TLS version at all.
sdk::Json probeTls(const EndpointSetting& endpoint);

}  // namespace bulwark::appservice::live
