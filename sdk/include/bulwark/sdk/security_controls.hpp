// The security controls of Defender for Cloud's Secure Score, by the names its recommendations
// use: an assessment's `control` groups it with the others of the same control.
#ifndef BULWARK_SDK_SECURITY_CONTROLS_HPP
#define BULWARK_SDK_SECURITY_CONTROLS_HPP

namespace bulwark::sdk::controls {

inline constexpr const char* kEncryptInTransit = "Encrypt data in transit";
inline constexpr const char* kEncryptAtRest = "Enable encryption at rest";
inline constexpr const char* kRestrictNetwork = "Restrict unauthorized network access";
inline constexpr const char* kManageAccess = "Manage access and permissions";
inline constexpr const char* kAuditing = "Enable auditing and logging";
inline constexpr const char* kRemediateVulnerabilities = "Remediate vulnerabilities";
inline constexpr const char* kEnhancedFeatures = "Enable enhanced security features";
inline constexpr const char* kBestPractices = "Implement security best practices";
inline constexpr const char* kSecureConfigurations = "Remediate security configurations";

}  // namespace bulwark::sdk::controls

#endif
