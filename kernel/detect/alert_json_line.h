// One alert as one line of compact JSON, written straight into a buffer: the hot path of
// `bulwark detect --format jsonl`, where alertJson() built a document tree per alert. The
// bytes are exactly alertJson(alert).dump() with invalid UTF-8 replaced (keys in the same
// sorted order, strings escaped the same way).
#pragma once

#include <string>

#include "detect/alert.h"

namespace bulwark::detect {

// Appends the alert and a newline to `out`.
void appendAlertJsonLine(const Alert& alert, std::string& out);

}  // namespace bulwark::detect
