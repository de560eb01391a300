// The interned keys of the fields storage events carry, asked of the sink once per file.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::storage::logs {

struct StorageEventKeys {
  explicit StorageEventKeys(sdk::EventSink& sink)
      : ip(sink.key("ip")),
        port(sink.key("port")),
        user(sink.key("user")),
        url(sink.key("url")),
        status(sink.key("status")),
        userAgent(sink.key("user_agent")),
        operation(sink.key("operation")),
        auth(sink.key("auth")),
        account(sink.key("account")),
        container(sink.key("container")),
        object(sink.key("object")),
        requestStatus(sink.key("request_status")),
        requestBytes(sink.key("request_bytes")),
        responseBytes(sink.key("response_bytes")),
        contentMd5(sink.key("content_md5")),
        sasSignature(sink.key("sas_signature")) {}

  bw_key ip, port, user, url, status, userAgent, operation, auth, account, container, object,
      requestStatus, requestBytes, responseBytes, contentMd5, sasSignature;
};

}  // namespace bulwark::storage::logs
