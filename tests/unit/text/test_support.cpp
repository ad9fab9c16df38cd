// Test helpers: fonts from the repo, the core-hud oracle with aliases resolved through ICU names, process runner.
#include "test_support.h"

#include <unicode/uchar.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/files.h"
#include "core/utf8.h"

namespace fl::test {
namespace {

std::shared_ptr<text::FontSet> must(Result<std::shared_ptr<text::FontSet>> fonts) {
    if (!fonts) throw std::runtime_error(fonts.error().message);
    return std::move(fonts).value();
}

std::string read_all(const std::string& path) {
    auto content = read_file(path);
    if (!content) throw std::runtime_error(content.error().message);
    return std::move(content).value();
}

// alias -> code point, from aliases.json (Unicode names resolved with ICU; per-locale entries use MNG).
std::map<std::string, char32_t> load_aliases() {
    const auto json = nlohmann::json::parse(read_all(std::string(FL_TESTDATA_DIR) + "/mongolian/aliases.json"));
    std::map<std::string, char32_t> aliases;
    for (const auto& [name, value] : json.items()) {
        UErrorCode status = U_ZERO_ERROR;
        const UChar32 cp = u_charFromName(U_UNICODE_CHAR_NAME, name.c_str(), &status);
        if (U_FAILURE(status)) throw std::runtime_error("unknown Unicode name in aliases.json: " + name);
        if (value.is_string()) {
            aliases[value.get<std::string>()] = static_cast<char32_t>(cp);
        } else if (value.contains("MNG")) {
            aliases[value["MNG"].get<std::string>()] = static_cast<char32_t>(cp);
        }
    }
    return aliases;
}

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

}  // namespace

std::shared_ptr<text::FontSet> shipped_fonts() {
    static auto fonts = must(text::FontSet::from_manifest(text::default_font_directory()));
    return fonts;
}

std::shared_ptr<text::FontSet> latin_first_fonts() {
    const std::string dir = text::default_font_directory();
    static auto fonts = must(text::FontSet::from_files({dir + "/NotoSans-Regular-subset.ttf",
                                                        dir + "/NotoSansMongolian-Regular.ttf",
                                                        dir + "/NotoSansCJKsc-Regular-subset.otf"}));
    return fonts;
}

std::vector<CoreHudWord> core_hud_words() {
    const auto aliases = load_aliases();
    std::vector<CoreHudWord> words;
    std::istringstream lines(read_all(std::string(FL_TESTDATA_DIR) + "/mongolian/core-hud.tsv"));
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> columns;
        std::stringstream row(line);
        for (std::string column; std::getline(row, column, '\t');) columns.push_back(column);
        if (columns.size() != 3) throw std::runtime_error("core-hud.tsv: bad line: " + line);
        CoreHudWord word{columns[0], "", split_words(columns[2])};
        for (const auto& alias : split_words(columns[1])) {
            const auto found = aliases.find(alias);
            if (found == aliases.end()) throw std::runtime_error("core-hud.tsv: unknown alias " + alias);
            append_utf8(word.text, found->second);
        }
        words.push_back(std::move(word));
    }
    return words;
}

std::vector<std::string> written_units(const std::string& glyph_name) {
    if (glyph_name.rfind("mvs.narrow", 0) == 0) return {"_"};
    if (glyph_name.rfind("mvs.wide", 0) == 0 || glyph_name == "space") return {"-"};
    std::string base = glyph_name;
    if (base.rfind("uni", 0) == 0 && base.find('.') != std::string::npos) base = base.substr(base.find('.') + 1);
    base = base.substr(0, base.find('.'));
    std::vector<std::string> units;
    for (size_t i = 0; i < base.size();) {
        if (base[i] < 'A' || base[i] > 'Z') return {};  // fvs, nirugu and other marks carry no written unit
        size_t end = i + 1;
        while (end < base.size() && ((base[end] >= 'a' && base[end] <= 'z') || (base[end] >= '0' && base[end] <= '9'))) {
            ++end;
        }
        units.push_back(base.substr(i, end - i));
        i = end;
    }
    return units;
}

std::vector<std::string> written_units_of(const text::Layout& layout, const text::FontSet& fonts, uint32_t begin,
                                          uint32_t end) {
    std::vector<std::string> units;
    for (const auto& glyph : layout.glyphs) {
        if (glyph.cluster < begin || glyph.cluster >= end) continue;
        for (auto& unit : written_units(fonts.at(glyph.font).glyph_name(glyph.glyph_id))) units.push_back(unit);
    }
    return units;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? separator : "") + parts[i];
    return out;
}

}  // namespace fl::test
