// ipclab-grade --audit: whether the labs agree with themselves (contract, suites, mutants,
// handouts).
#pragma once

#include <ostream>

#include "model.hpp"

namespace driver {

// Returns 0 when every lab is consistent, 1 after listing what is not.
int audit(const Paths& paths, std::ostream& out);

}  // namespace driver
