#include "runtime_stack.h"

#include <cctype>

namespace bulwark::appservice {
namespace {

// "8.2.10" -> "8.2"; "1.8" (Java) -> "8"; "20-lts" / "~20" -> "20".
std::string leadingVersion(std::string_view text) {
  size_t start = 0;
  while (start < text.size() && !std::isdigit(static_cast<unsigned char>(text[start])))
    ++start;
  size_t end = start;
  while (end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.'))
    ++end;
  return std::string(text.substr(start, end - start));
}

std::string majorMinor(const std::string& version) {
  size_t dot = version.find('.');
  if (dot == std::string::npos) return version.empty() ? version : version + ".0";
  size_t second = version.find('.', dot + 1);
  return version.substr(0, second);
}

std::string major(const std::string& version) {
  return version.substr(0, version.find('.'));
}

std::string javaMajor(const std::string& version) {
  // Java 8 and before were numbered 1.x.
  if (version.rfind("1.", 0) == 0) return major(version.substr(2));
  return major(version);
}

std::string keyFor(const std::string& language, const std::string& version) {
  if (version.empty()) return {};
  if (language == "node") return major(version);
  if (language == "java") return javaMajor(version);
  return majorMinor(version);
}

std::optional<RuntimeVersion> fromLinuxFx(const std::string& fx, const std::string& language) {
  size_t bar = fx.find('|');
  if (bar == std::string::npos) return std::nullopt;
  std::string stack = sdk::lower(fx.substr(0, bar));
  std::string rest = fx.substr(bar + 1);
  std::string version;
  if (language == "java") {
    // JAVA|17-java17, TOMCAT|10.1-java17, JBOSSEAP|7-java11: the Java version follows "java".
    if (stack != "java" && stack != "tomcat" && stack != "jbosseap" && stack != "wildfly")
      return std::nullopt;
    size_t at = sdk::lower(rest).rfind("java");
    version = at == std::string::npos ? leadingVersion(rest) : leadingVersion(rest.substr(at));
  } else if (language == "dotnet") {
    if (stack != "dotnetcore" && stack != "dotnet" && stack != "dotnet-isolated")
      return std::nullopt;
    version = leadingVersion(rest);
  } else {
    if (stack != language) return std::nullopt;
    version = leadingVersion(rest);
  }
  std::string key = keyFor(language, version);
  if (key.empty()) return std::nullopt;
  return RuntimeVersion{language, key, "linuxFxVersion = " + fx};
}

std::optional<RuntimeVersion> fromWindows(const sdk::Json& config, const std::string& language) {
  const char* property = language == "php"      ? "phpVersion"
                         : language == "python" ? "pythonVersion"
                         : language == "java"   ? "javaVersion"
                         : language == "node"   ? "nodeVersion"
                                                : "netFrameworkVersion";
  std::string value = sdk::textAt(config, property);
  if (value.empty() || sdk::iequals(value, "off")) return std::nullopt;
  std::string shown = std::string(property) + " = " + value;
  if (language == "dotnet") {
    // v4.0 is the .NET Framework 4.x CLR (4.8 today), v2.0 is 3.5; v5.0 and later are .NET.
    std::string v = leadingVersion(value);
    if (v == "4.0") return RuntimeVersion{language, "framework-4", shown};
    if (v == "2.0") return RuntimeVersion{language, "framework-2", shown};
    std::string key = keyFor(language, v);
    if (key.empty()) return std::nullopt;
    return RuntimeVersion{language, key, shown};
  }
  std::string key = keyFor(language, leadingVersion(value));
  if (key.empty()) return std::nullopt;
  return RuntimeVersion{language, key, shown};
}

}  // namespace

std::optional<RuntimeVersion> runtimeOf(const sdk::Json& siteConfig, const std::string& language) {
  std::string fx = sdk::textAt(siteConfig, "linuxFxVersion");
  if (!fx.empty()) return fromLinuxFx(fx, language);
  if (!sdk::textAt(siteConfig, "windowsFxVersion").empty()) return std::nullopt;  // a container
  return fromWindows(siteConfig, language);
}

}  // namespace bulwark::appservice
