// The resource types the sql plugin judges.
#pragma once

namespace bulwark::sql {

inline constexpr const char* kSqlServerType = "Microsoft.Sql/servers";
inline constexpr const char* kSqlDatabaseType = "Microsoft.Sql/servers/databases";
inline constexpr const char* kManagedInstanceType = "Microsoft.Sql/managedInstances";
inline constexpr const char* kPostgresFlexibleType = "Microsoft.DBforPostgreSQL/flexibleServers";
inline constexpr const char* kMySqlFlexibleType = "Microsoft.DBforMySQL/flexibleServers";

}  // namespace bulwark::sql
