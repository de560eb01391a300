// The ABI 1.2 host services a plugin instance reaches through its bw_host_api: the
// vulnerability database, the plugin's persistent state, command output, and the error text
// of the last failed service call. Each function is the C entry the table points at; none
// lets an exception reach the plugin. Results live in per-thread buffers, valid until the
// calling thread's next call of the same service, as plugin.h states.
#pragma once

#include <bulwark/plugin.h>

namespace bulwark::hostservices {

// Fills the 1.2 members of `table`, whose ctx is a PluginInstance.
void install(bw_host_api& table);

}  // namespace bulwark::hostservices
