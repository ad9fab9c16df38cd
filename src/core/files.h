// Whole files: reading one, and replacing one crash-safely (temp file, fsync, rename, fsync of the directory).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace fl {

// Either the old content or the new content survives a crash or a full disk; never a mix or an empty file.
Result<void> write_file_atomically(const std::string& path, std::string_view content);

Result<std::string> read_file(const std::string& path);

}  // namespace fl
