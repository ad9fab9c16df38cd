// Logging sink: English messages for operators, one line each, to stderr (journald picks them up).
#pragma once

#include <string_view>

namespace fl::log {

enum class Level { Debug, Info, Warning, Error };

void write(Level level, std::string_view area, std::string_view message);
void set_minimum_level(Level level);

inline void info(std::string_view area, std::string_view message) { write(Level::Info, area, message); }
inline void warning(std::string_view area, std::string_view message) { write(Level::Warning, area, message); }
inline void error(std::string_view area, std::string_view message) { write(Level::Error, area, message); }

}  // namespace fl::log
