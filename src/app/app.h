// The composition root: builds every piece from the options and runs the main loop until the viewer leaves.
#pragma once

#include "app/options.h"

namespace fl::app {

// Returns the process exit code. Start-up problems (fonts, key maps, strings, catalogue) stop with a message
// that names the file and the problem.
int run_app(const Options& options);

}  // namespace fl::app
