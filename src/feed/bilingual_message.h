// A message for a person in English and Chinese (feed tools and logs show both; the box's logs use the English).
#pragma once

#include <string>

namespace fl::feed {

struct BilingualMessage {
    std::string english;
    std::string chinese;
};

}  // namespace fl::feed
