// The fl-text tool's stable interface: JSON glyph lines, --each-line items, warnings, errors and exit codes.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.h"

namespace fl::test {
namespace {

const std::string kTool = FL_TEXT_TOOL;

std::vector<nlohmann::json> json_lines(const std::string& out) {
    std::vector<nlohmann::json> glyphs;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) glyphs.push_back(nlohmann::json::parse(line));
    return glyphs;
}

std::string temp_path(const std::string& suffix) {
    char path[] = "/tmp/fl-text-test-XXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    close(fd);
    std::remove(path);
    return std::string(path) + suffix;
}

}  // namespace

TEST_CASE("fl-text shape prints one JSON object per glyph with the documented fields") {
    const auto result = run_command(kTool + " shape --size 48 --mode vertical " + shell_quote("ᠤᠲᠠᠰᠤ᠄ 12348 法律援助热线"));
    REQUIRE(result.exit_code == 0);
    const auto glyphs = json_lines(result.out);
    REQUIRE(glyphs.size() == 19);
    for (const auto& glyph : glyphs) {
        for (const char* field : {"font", "glyph", "gid", "cluster", "orientation", "line", "x", "y"}) {
            CHECK_MESSAGE(glyph.contains(field), field);
        }
    }
    CHECK(glyphs[0]["font"] == "NotoSansMongolian-Regular.ttf");
    CHECK(glyphs[0]["glyph"] == "uni1824.AO.init");
    CHECK(glyphs[0]["orientation"] == "sideways");
    CHECK(glyphs[7]["glyph"] == "one");
    CHECK(glyphs[7]["orientation"] == "sideways");
    CHECK(glyphs[7]["cluster"] == 19);
    CHECK(glyphs[13]["orientation"] == "upright");
    CHECK(glyphs[13]["font"] == "NotoSansCJKsc-Regular-subset.otf");
    CHECK(result.err.empty());
}

TEST_CASE("fl-text shape --each-line gives every core-hud word its written units in one run") {
    const auto words = core_hud_words();
    const std::string list = temp_path(".txt");
    {
        std::ofstream out(list);
        for (const auto& word : words) out << word.text << "\n";
    }
    const auto result = run_command(kTool + " shape --fonts " +
                                    shell_quote(text::default_font_directory() + "/NotoSans-Regular-subset.ttf," +
                                                text::default_font_directory() + "/NotoSansMongolian-Regular.ttf") +
                                    " --each-line " + list);
    std::remove(list.c_str());
    REQUIRE(result.exit_code == 0);
    std::map<int, std::vector<std::string>> units;
    for (const auto& glyph : json_lines(result.out)) {
        for (auto& unit : written_units(glyph["glyph"].get<std::string>())) units[glyph["item"].get<int>()].push_back(unit);
    }
    REQUIRE(units.size() == words.size());
    for (size_t i = 0; i < words.size(); ++i) {
        CHECK_MESSAGE(join(units[static_cast<int>(i)]) == join(words[i].expected), words[i].id);
    }
}

TEST_CASE("fl-text warns about invalid UTF-8, Menksoft codes and text that does not fit") {
    const auto invalid = run_command(kTool + " shape \"$(printf '\\377\\376\\341\\240')\"");
    CHECK(invalid.exit_code == 0);
    CHECK(invalid.err.find("not valid UTF-8") != std::string::npos);
    CHECK(json_lines(invalid.out).size() == 3);

    const auto menksoft = run_command(kTool + " shape " + shell_quote("\uE26A\uE2B1"));
    CHECK(menksoft.err.find("Menksoft") != std::string::npos);

    const auto cut = run_command(kTool + " shape --box 100x100 " + shell_quote("法律援助热线为群众提供免费法律咨询服务"));
    CHECK(cut.err.find("did not fit") != std::string::npos);
}

TEST_CASE("fl-text render writes a PNG of the box's size") {
    const std::string png = temp_path(".png");
    const auto result = run_command(kTool + " render --box 320x200 " + shell_quote("ᠮᠣᠩᠭᠣᠯ 法律") + " -o " + png);
    REQUIRE(result.exit_code == 0);
    std::ifstream in(png, std::ios::binary);
    std::string header(24, '\0');
    in.read(header.data(), 24);
    std::remove(png.c_str());
    CHECK(header.substr(1, 3) == "PNG");
    const auto be32 = [&](size_t at) {
        return (static_cast<unsigned char>(header[at]) << 24) | (static_cast<unsigned char>(header[at + 1]) << 16) |
               (static_cast<unsigned char>(header[at + 2]) << 8) | static_cast<unsigned char>(header[at + 3]);
    };
    CHECK(be32(16) == 320);
    CHECK(be32(20) == 200);
}

TEST_CASE("fl-text fails clearly on bad fonts and bad arguments") {
    const auto missing = run_command(kTool + " shape --fonts /nonexistent/font.ttf abc");
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("/nonexistent/font.ttf") != std::string::npos);

    const std::string not_a_font = temp_path(".ttf");
    { std::ofstream(not_a_font) << "this is not a font"; }
    const auto broken = run_command(kTool + " shape --fonts " + not_a_font + " abc");
    std::remove(not_a_font.c_str());
    CHECK(broken.exit_code == 1);
    CHECK(broken.err.find("not a font") != std::string::npos);

    CHECK(run_command(kTool + " shape --mode diagonal abc").exit_code == 2);
    CHECK(run_command(kTool + " shape --size -3 abc").exit_code == 2);
    CHECK(run_command(kTool + " render abc").exit_code == 2);
    CHECK(run_command(kTool + " frobnicate").exit_code == 2);
}

TEST_CASE("fl-text shape of empty text prints nothing and succeeds") {
    const auto result = run_command(kTool + " shape ''");
    CHECK(result.exit_code == 0);
    CHECK(result.out.empty());
}

}  // namespace fl::test
