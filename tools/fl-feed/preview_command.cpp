// fl-feed preview: renders the app's home, category and programme screens headless with a feed, as PNG files for an editor.
#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include "arguments.h"
#include "commands.h"
#include "feed/feed_validator.h"
#include "feed_file.h"
#include "subprocess.h"

namespace fl::feed_tool {

std::string own_directory() {
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::string(".") : exe.parent_path().string();
}

namespace {

std::string repeat(const std::string& key, std::size_t times) {
    std::string keys;
    for (std::size_t i = 0; i < times; ++i) keys += (keys.empty() ? "" : ",") + key;
    return keys;
}

}  // namespace

int preview_command(const Args& args) {
    const std::string usage = "preview FEED -o DIR [--app PATH] [--size WxH]";
    auto parsed = parse_args(args, {"-o", "--app", "--size"}, {}, usage);
    if (!parsed) return kUsage;
    const auto out_dir = parsed->value("-o");
    if (parsed->positionals.size() != 1 || !out_dir) {
        std::fprintf(stderr, "usage: fl-feed %s\n", usage.c_str());
        return kUsage;
    }
    const std::string& path = parsed->positionals[0];
    const std::string app = parsed->value("--app").value_or(own_directory() + "/family-lawyer");
    if (access(app.c_str(), X_OK) != 0) {
        std::fprintf(stderr, "fl-feed: the app was not found at %s; give --app PATH / 找不到应用程序\n", app.c_str());
        return kUsage;
    }
    feed::ValidationOptions options;
    options.source_name = path;
    options.base = feed_directory(path);
    options.any_https_host = true;
    auto text = read_feed_file(path, options.max_bytes);
    if (!text) {
        std::fprintf(stderr, "%s\n", text.error().message.c_str());
        return kProblems;
    }
    const feed::ValidationReport report = feed::validate_feed(text.value(), options);
    if (!report.catalog) {
        for (const auto& problem : report.problems) std::printf("%s\n", format_problem_lines(problem).c_str());
        std::printf("%s: no preview: fix the problems first / 无法预览：请先修正问题\n", path.c_str());
        return kProblems;
    }
    const feed::Catalog& catalog = *report.catalog;
    std::filesystem::create_directories(*out_dir);
    const std::string data_dir = *out_dir + "/.preview-data";

    // Home: focus starts on the first featured programme (or the first category row when none is featured); Down
    // moves to the next row; the tile after a category row's programmes opens the category.
    struct Shot {
        std::string name;
        std::string keys;
    };
    std::vector<Shot> shots = {{"home", ""}};
    if (!catalog.featured.empty() || !catalog.categories.empty()) shots.push_back({"program", "Ok"});
    if (!catalog.categories.empty()) {
        std::string keys = catalog.featured.empty() ? "" : "Down,";
        keys += repeat("Right", catalog.categories.front().item_ids.size()) + ",Ok";
        shots.push_back({"category", keys});
    }
    int failures = 0;
    for (const Shot& shot : shots) {
        const std::string png = *out_dir + "/" + shot.name + ".png";
        std::vector<std::string> argv = {app, "--headless", "--size", parsed->value("--size").value_or("1920x1080"),
                                         "--lang", "both", "--feed", path, "--data-dir", data_dir, "--screenshot", png};
        if (!shot.keys.empty()) {
            argv.push_back("--keys");
            argv.push_back(shot.keys);
        }
        const int status = run_program(argv);
        if (status != 0 || !std::filesystem::exists(png)) {
            std::fprintf(stderr, "fl-feed: the app failed on the %s screen (exit %d) / 应用程序渲染失败\n",
                         shot.name.c_str(), status);
            ++failures;
            continue;
        }
        std::printf("%s\n", png.c_str());
    }
    std::error_code ignored;
    std::filesystem::remove_all(data_dir, ignored);
    return failures == 0 ? kOk : kUsage;
}

}  // namespace fl::feed_tool
