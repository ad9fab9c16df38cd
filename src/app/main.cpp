// family-lawyer: the set-top box app's entry point.
#include <iostream>

#include "app/app.h"
#include "app/options.h"

#ifndef FL_VERSION
#define FL_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
    auto options = fl::app::parse_options(argc, argv);
    if (!options) {
        std::cerr << "family-lawyer: " << options.error().message << "\n";
        return 2;
    }
    if (options.value().show_help) {
        std::cout << fl::app::kHelpText;
        return 0;
    }
    if (options.value().show_version) {
        std::cout << "family-lawyer " << FL_VERSION << "\n";
        return 0;
    }
    return fl::app::run_app(options.value());
}
