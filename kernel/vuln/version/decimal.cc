#include "vuln/version/decimal.h"

namespace bulwark::vuln::detail {

int compareDecimal(std::string_view a, std::string_view b) {
  while (!a.empty() && a.front() == '0')
    a.remove_prefix(1);
  while (!b.empty() && b.front() == '0')
    b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return sign(a.compare(b));
}

}  // namespace bulwark::vuln::detail
