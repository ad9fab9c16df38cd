// fl-text: shapes or renders text with the product's text engine, for tests, content checks and debugging.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/files.h"
#include "platform/sdl/text_image.h"
#include "text/font.h"
#include "text/text_engine.h"

namespace {

using namespace fl;
using namespace fl::text;

constexpr const char* kUsage =
    "usage:\n"
    "  fl-text shape  [options] (TEXT | --file F | --each-line F)\n"
    "  fl-text render [options] (TEXT | --file F) -o OUT.png\n"
    "options:\n"
    "  --size PX                      font size in pixels (default 48)\n"
    "  --fonts default|FILE,FILE...   fallback chain (default: the shipped fonts' manifest)\n"
    "  --mode vertical|horizontal     vertical: Mongolian columns, left to right (default)\n"
    "  --box WxH                      box to lay out into; 0 means unbounded (default 0x0)\n"
    "  --align start|center|end|justify\n"
    "  --max-lines N                  at most N lines or columns, then an ellipsis\n"
    "shape prints one JSON object per glyph; warnings go to stderr.\n";

struct Options {
    std::string command;
    std::string text;
    bool have_text = false;
    std::string file;
    std::string each_line_file;
    std::string output;
    std::string fonts = "default";
    TextStyle style;
};

[[noreturn]] void usage_error(const std::string& message) {
    std::cerr << "fl-text: " << message << "\n" << kUsage;
    std::exit(2);
}

float parse_number(const std::string& value, const std::string& option) {
    char* end = nullptr;
    const float number = std::strtof(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0' || !std::isfinite(number) || number < 0.0f || number > 100000.0f) {
        usage_error(option + " needs a number from 0 to 100000, got '" + value + "'");
    }
    return number;
}

Options parse_options(int argc, char** argv) {
    if (argc < 2) usage_error("missing command");
    Options options;
    options.command = argv[1];
    if (options.command == "--help" || options.command == "-h") {
        std::cout << kUsage;
        std::exit(0);
    }
    if (options.command != "shape" && options.command != "render") usage_error("unknown command '" + options.command + "'");
    options.style.size_px = 48.0f;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage_error(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--size") {
            options.style.size_px = parse_number(value(), arg);
            if (options.style.size_px < 1.0f || options.style.size_px > 2000.0f) usage_error("--size must be 1 to 2000");
        } else if (arg == "--fonts") {
            options.fonts = value();
        } else if (arg == "--mode") {
            const std::string mode = value();
            if (mode == "vertical") options.style.mode = LayoutMode::Vertical;
            else if (mode == "horizontal") options.style.mode = LayoutMode::Horizontal;
            else usage_error("--mode must be vertical or horizontal");
        } else if (arg == "--box") {
            const std::string box = value();
            const auto x = box.find('x');
            if (x == std::string::npos) usage_error("--box must look like 1920x1080");
            options.style.box_width = parse_number(box.substr(0, x), arg);
            options.style.box_height = parse_number(box.substr(x + 1), arg);
        } else if (arg == "--align") {
            const std::string align = value();
            if (align == "start") options.style.align = Align::Start;
            else if (align == "center") options.style.align = Align::Center;
            else if (align == "end") options.style.align = Align::End;
            else if (align == "justify") options.style.align = Align::Justify;
            else usage_error("--align must be start, center, end or justify");
        } else if (arg == "--max-lines") {
            options.style.max_lines = static_cast<int>(parse_number(value(), arg));
        } else if (arg == "--file") {
            options.file = value();
        } else if (arg == "--each-line") {
            options.each_line_file = value();
        } else if (arg == "-o" || arg == "--output") {
            options.output = value();
        } else if (arg.size() > 1 && arg[0] == '-' && arg[1] == '-') {
            usage_error("unknown option " + arg);
        } else if (!options.have_text) {
            options.text = arg;
            options.have_text = true;
        } else {
            usage_error("more than one TEXT given; quote the text");
        }
    }
    const int sources = (options.have_text ? 1 : 0) + (options.file.empty() ? 0 : 1) +
                        (options.each_line_file.empty() ? 0 : 1);
    if (sources != 1) usage_error("give exactly one of TEXT, --file or --each-line");
    if (options.command == "render" && !options.each_line_file.empty()) usage_error("render takes TEXT or --file");
    if (options.command == "render" && options.output.empty()) usage_error("render needs -o OUT.png");
    return options;
}

Result<std::shared_ptr<FontSet>> load_fonts(const std::string& spec) {
    if (spec == "default") return FontSet::from_manifest(default_font_directory());
    std::vector<std::string> paths;
    std::stringstream list(spec);
    for (std::string path; std::getline(list, path, ',');) {
        if (!path.empty()) paths.push_back(path);
    }
    return FontSet::from_files(paths);
}

void append_json_string(std::string& out, const std::string& value) {
    out.push_back('"');
    for (const char c : value) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
            out += escaped;
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

void print_glyphs(const Layout& layout, const FontSet& fonts, const int* item, std::string& out) {
    char number[64];
    for (const auto& glyph : layout.glyphs) {
        out += '{';
        if (item != nullptr) {
            std::snprintf(number, sizeof number, "\"item\":%d,", *item);
            out += number;
        }
        out += "\"font\":";
        append_json_string(out, fonts.at(glyph.font).file_name());
        out += ",\"glyph\":";
        append_json_string(out, fonts.at(glyph.font).glyph_name(glyph.glyph_id));
        const bool sideways = layout.mode == LayoutMode::Vertical && !glyph.upright;
        std::snprintf(number, sizeof number, ",\"gid\":%u,\"cluster\":%u,\"orientation\":\"%s\",\"line\":%u",
                      glyph.glyph_id, glyph.cluster, sideways ? "sideways" : "upright", glyph.line);
        out += number;
        std::snprintf(number, sizeof number, ",\"x\":%.2f,\"y\":%.2f}\n", static_cast<double>(glyph.x),
                      static_cast<double>(glyph.y));
        out += number;
    }
}

void report_warnings(const Layout& layout, const std::string& where) {
    for (const auto& warning : describe_warnings(layout.warnings)) std::cerr << "fl-text: warning: " << where << warning << "\n";
}

int run_shape(const Options& options, TextEngine& engine) {
    std::string out;
    if (!options.each_line_file.empty()) {
        auto content = read_file(options.each_line_file);
        if (!content) {
            std::cerr << "fl-text: " << content.error().message << "\n";
            return 1;
        }
        std::istringstream lines(content.value());
        int item = 0;
        for (std::string line; std::getline(lines, line); ++item) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const auto layout = engine.layout(line, options.style);
            report_warnings(*layout, "line " + std::to_string(item + 1) + ": ");
            print_glyphs(*layout, engine.fonts(), &item, out);
            if (out.size() > (1u << 20)) {
                std::fwrite(out.data(), 1, out.size(), stdout);
                out.clear();
            }
        }
    } else {
        const auto layout = engine.layout(options.text, options.style);
        report_warnings(*layout, "");
        print_glyphs(*layout, engine.fonts(), nullptr, out);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

int run_render(const Options& options, TextEngine& engine) {
    const auto layout = engine.layout(options.text, options.style);
    report_warnings(*layout, "");
    auto image = sdl::render_text_image(*layout, options.style, engine.fonts());
    if (!image) {
        std::cerr << "fl-text: " << image.error().message << "\n";
        return 1;
    }
    if (auto saved = image.value()->save_png(options.output); !saved) {
        std::cerr << "fl-text: " << saved.error().message << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options options = parse_options(argc, argv);
    if (!options.file.empty()) {
        auto content = read_file(options.file);
        if (!content) {
            std::cerr << "fl-text: " << content.error().message << "\n";
            return 1;
        }
        options.text = std::move(content).value();
        while (!options.text.empty() && (options.text.back() == '\n' || options.text.back() == '\r')) options.text.pop_back();
    }
    auto fonts = load_fonts(options.fonts);
    if (!fonts) {
        std::cerr << "fl-text: " << fonts.error().message << "\n";
        return 1;
    }
    TextEngine engine(std::move(fonts).value());
    return options.command == "shape" ? run_shape(options, engine) : run_render(options, engine);
}
