// fl-feed import: a spreadsheet (CSV, one programme per row) or a CMS's Media RSS export into a feed, then linted.
#include <cstdio>
#include <ctime>
#include <expat.h>
#include <set>

#include "arguments.h"
#include "commands.h"
#include "core/files.h"
#include "feed/feed_time.h"
#include "feed/feed_validator.h"
#include "feed_file.h"
#include "feed_rows.h"

namespace fl::feed_tool {
namespace {

constexpr std::size_t kMaxInputBytes = std::size_t{16} << 20;

// RFC 4180: comma-separated, fields optionally in double quotes ("" inside quotes is a quote), CRLF or LF rows.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // spreadsheet programs write a BOM
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false, field_started = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"' && !field_started) {
            quoted = field_started = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
            field_started = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            rows.back().push_back(std::move(field));
            field.clear();
            field_started = false;
            rows.emplace_back();
        } else {
            field += c;
            field_started = true;
        }
    }
    if (field_started || !rows.back().empty()) rows.back().push_back(std::move(field));
    // Drop empty lines.
    std::erase_if(rows, [](const std::vector<std::string>& row) {
        return row.empty() || (row.size() == 1 && row[0].empty());
    });
    return rows;
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) ++start;
    return text.substr(start);
}

bool rows_from_csv(const std::string& path, std::string_view text, std::vector<FeedRow>& rows) {
    const auto table = parse_csv(text);
    if (table.empty()) {
        std::fprintf(stderr, "%s: the table is empty / 表格为空\n", path.c_str());
        return false;
    }
    std::vector<std::string> header;
    bool ok = true;
    for (const std::string& name : table[0]) {
        header.push_back(trimmed(name));
        const bool known = std::find(kRequiredColumns.begin(), kRequiredColumns.end(), header.back()) != kRequiredColumns.end() ||
                           std::find(kOptionalColumns.begin(), kOptionalColumns.end(), header.back()) != kOptionalColumns.end();
        if (!known) {
            std::fprintf(stderr, "%s:1: unknown column \"%s\" (see docs/feed-format.md) / 未知的列\n", path.c_str(),
                         header.back().c_str());
            ok = false;
        }
    }
    for (const std::string& required : kRequiredColumns) {
        if (std::find(header.begin(), header.end(), required) == header.end()) {
            std::fprintf(stderr, "%s:1: missing column \"%s\" / 缺少列\n", path.c_str(), required.c_str());
            ok = false;
        }
    }
    for (std::size_t r = 1; r < table.size(); ++r) {
        FeedRow row;
        row.origin = path + ":" + std::to_string(r + 1);
        if (table[r].size() > header.size()) {
            std::fprintf(stderr, "%s: more cells than columns / 单元格多于列数\n", row.origin.c_str());
            ok = false;
        }
        for (std::size_t c = 0; c < table[r].size() && c < header.size(); ++c) row.cells[header[c]] = trimmed(table[r][c]);
        rows.push_back(std::move(row));
    }
    return ok;
}

// Media RSS (namespace http://search.yahoo.com/mrss/) with the fl: extension (urn:family-lawyer:feed), see
// docs/feed-format.md for the mapping.
class MrssReader {
public:
    explicit MrssReader(std::string path) : path_(std::move(path)) {}

    bool read(std::string_view text, std::vector<FeedRow>& rows) {
        XML_Parser parser = XML_ParserCreateNS(nullptr, ' ');
        XML_SetUserData(parser, this);
        XML_SetElementHandler(parser, &MrssReader::on_start, &MrssReader::on_end);
        XML_SetCharacterDataHandler(parser, &MrssReader::on_text);
        const bool parsed = XML_Parse(parser, text.data(), static_cast<int>(text.size()), 1) == XML_STATUS_OK;
        if (!parsed) {
            std::fprintf(stderr, "%s:%lu:%lu: not valid XML: %s / XML 格式错误\n", path_.c_str(),
                         static_cast<unsigned long>(XML_GetCurrentLineNumber(parser)),
                         static_cast<unsigned long>(XML_GetCurrentColumnNumber(parser) + 1),
                         XML_ErrorString(XML_GetErrorCode(parser)));
        }
        XML_ParserFree(parser);
        if (!parsed) return false;
        for (FeedRow& row : rows_) {
            const auto titles = categories_.find(row.cells["category"]);
            if (titles != categories_.end()) {
                row.cells["category_mn"] = titles->second.first;
                row.cells["category_zh"] = titles->second.second;
            }
            rows.push_back(std::move(row));
        }
        return true;
    }

private:
    static constexpr std::string_view kMedia = "http://search.yahoo.com/mrss/ ";
    static constexpr std::string_view kFl = "urn:family-lawyer:feed ";
    static constexpr std::string_view kXmlLang = "http://www.w3.org/XML/1998/namespace lang";

    static void on_start(void* self, const XML_Char* name, const XML_Char** attributes) {
        static_cast<MrssReader*>(self)->start(name, attributes);
    }
    static void on_end(void* self, const XML_Char* name) { static_cast<MrssReader*>(self)->end(name); }
    static void on_text(void* self, const XML_Char* text, int length) {
        static_cast<MrssReader*>(self)->text_.append(text, static_cast<std::size_t>(length));
    }

    void start(std::string_view name, const XML_Char** attributes) {
        std::map<std::string, std::string> attr;
        for (std::size_t i = 0; attributes[i]; i += 2) attr[attributes[i]] = attributes[i + 1];
        text_.clear();
        lang_ = attr.contains(std::string(kXmlLang)) ? attr[std::string(kXmlLang)] : "";
        if (name == "item") {
            in_item_ = true;
            rows_.emplace_back();
            rows_.back().origin = path_ + ": item " + std::to_string(rows_.size());
            return;
        }
        if (name == std::string(kFl) + "category") {
            categories_[attr["id"]] = {attr["mn-Mong"], attr["zh-Hans"]};
            return;
        }
        if (!in_item_) return;
        auto& cells = rows_.back().cells;
        const std::string sha = attr[std::string(kFl) + "sha256"];
        const std::string bytes = attr[std::string(kFl) + "bytes"];
        if (name == std::string(kMedia) + "content") {
            std::string type = attr["type"];
            std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            const std::string& url = attr["url"];
            if (type.find("mpegurl") != std::string::npos || url.ends_with(".m3u8")) {
                cells["hls_url"] = url;
            } else {
                cells["download_url"] = url;
                cells["download_bytes"] = attr["fileSize"];
                cells["download_height"] = attr["height"];
                cells["download_sha256"] = sha;
            }
            if (!attr["duration"].empty()) cells["duration_s"] = attr["duration"];
        } else if (name == std::string(kMedia) + "thumbnail") {
            cells["thumbnail_url"] = attr["url"];
            cells["thumbnail_w"] = attr["width"];
            cells["thumbnail_h"] = attr["height"];
            cells["thumbnail_sha256"] = sha;
            cells["thumbnail_bytes"] = bytes;
        } else if (name == std::string(kMedia) + "subTitle") {
            const std::string suffix = attr["lang"] == "mn-Mong" ? "mn" : attr["lang"] == "zh-Hans" ? "zh" : "";
            if (suffix.empty()) {
                std::fprintf(stderr, "%s: media:subTitle lang \"%s\" ignored (mn-Mong or zh-Hans) / 字幕语言被忽略\n",
                             rows_.back().origin.c_str(), attr["lang"].c_str());
                return;
            }
            cells["caption_" + suffix + "_url"] = attr["href"];
            cells["caption_" + suffix + "_sha256"] = sha;
            cells["caption_" + suffix + "_bytes"] = bytes;
        }
    }

    void end(std::string_view name) {
        if (name == "item") {
            in_item_ = false;
            return;
        }
        if (!in_item_) return;
        auto& cells = rows_.back().cells;
        const std::string value = trimmed(text_);
        const std::string suffix = lang_ == "mn-Mong" ? "_mn" : "_zh";
        if (name == "guid") cells["id"] = value;
        if (name == "title") cells["title" + suffix] = value;
        if (name == "description") cells["summary" + suffix] = value;
        if (name == "category") cells["category"] = value;
        if (name == std::string(kFl) + "featured") cells["featured"] = value;
        if (name == std::string(kFl) + "tags") cells["tags"] = value;
        if (name == std::string(kFl) + "valid_from") cells["valid_from"] = value;
        if (name == std::string(kFl) + "valid_until") cells["valid_until"] = value;
        text_.clear();
    }

    std::string path_;
    std::vector<FeedRow> rows_;
    std::map<std::string, std::pair<std::string, std::string>> categories_;  // id -> (mn, zh)
    std::string text_, lang_;
    bool in_item_ = false;
};

}  // namespace

int import_command(const Args& args) {
    const std::string usage = "import TABLE.csv|EXPORT.xml -o FEED --sequence N [--published TIME] [--expires TIME] "
                              "[--publisher-mn TEXT] [--publisher-zh TEXT]";
    auto parsed = parse_args(args, {"-o", "--sequence", "--published", "--expires", "--publisher-mn", "--publisher-zh"},
                             {}, usage);
    if (!parsed) return kUsage;
    const auto out = parsed->value("-o");
    const auto sequence = parsed->value("--sequence");
    if (parsed->positionals.size() != 1 || !out || !sequence) {
        std::fprintf(stderr, "usage: fl-feed %s\n", usage.c_str());
        return kUsage;
    }
    FeedHeader header;
    try {
        header.sequence = std::stoll(*sequence);
    } catch (const std::exception&) {
        std::fprintf(stderr, "fl-feed: --sequence takes a number / 需要数字\n");
        return kUsage;
    }
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    header.published = parsed->value("--published").value_or(feed::format_utc_time(now));
    const int64_t published = feed::parse_utc_time(header.published).value_or(now);
    header.expires = parsed->value("--expires").value_or(feed::format_utc_time(published + 14 * 86400));
    header.publisher_mn = parsed->value("--publisher-mn").value_or("ᠥᠪᠥᠷ ᠮᠣᠩᠭᠣᠯ ᠤᠨ ᠥᠪᠡᠷᠲᠡᠭᠡᠨ ᠵᠠᠰᠠᠬᠤ ᠣᠷᠤᠨ ᠤ ᠱᠢᠭᠦᠨ ᠵᠠᠰᠠᠬᠤ ᠲᠢᠩᠬᠢᠮ");
    header.publisher_zh = parsed->value("--publisher-zh").value_or("内蒙古自治区司法厅");

    const std::string& input = parsed->positionals[0];
    auto text = read_feed_file(input, kMaxInputBytes);
    if (!text) {
        std::fprintf(stderr, "%s\n", text.error().message.c_str());
        return kProblems;
    }
    if (text.value().size() > kMaxInputBytes) {
        std::fprintf(stderr, "%s: larger than 16 MB / 文件太大\n", input.c_str());
        return kProblems;
    }
    std::vector<FeedRow> rows;
    const bool xml = text.value().find("<rss") != std::string::npos || input.ends_with(".xml") || input.ends_with(".rss");
    const bool read_ok = xml ? MrssReader(input).read(text.value(), rows) : rows_from_csv(input, text.value(), rows);
    if (!read_ok) return kProblems;
    std::vector<std::string> problems;
    const std::string document = build_feed(header, rows, problems).dump(2, ' ', false) + "\n";
    if (auto written = write_file_atomically(*out, document); !written) {
        std::fprintf(stderr, "%s\n", written.error().message.c_str());
        return kUsage;
    }
    for (const std::string& problem : problems) std::printf("%s\n", problem.c_str());
    std::printf("%s: %zu programmes imported from %s; checking it:\n%s：已导入 %zu 个节目，正在检查：\n", out->c_str(),
                rows.size(), input.c_str(), out->c_str(), rows.size());
    const int lint = lint_command({*out});
    return problems.empty() ? lint : kProblems;
}

}  // namespace fl::feed_tool
