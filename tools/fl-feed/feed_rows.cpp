// Spreadsheet-style programme rows into a feed document: categories in order of first use, numbers checked, empty cells left out.
#include "feed_rows.h"

#include <algorithm>

namespace fl::feed_tool {

const std::vector<std::string> kRequiredColumns = {
    "id", "category", "title_mn", "title_zh", "summary_mn", "summary_zh", "duration_s",
    "thumbnail_url", "thumbnail_w", "thumbnail_h"};
const std::vector<std::string> kOptionalColumns = {
    "category_mn", "category_zh", "featured", "tags", "valid_from", "valid_until",
    "thumbnail_sha256", "thumbnail_bytes", "hls_url", "download_url", "download_bytes", "download_sha256",
    "download_height", "caption_mn_url", "caption_mn_sha256", "caption_mn_bytes", "caption_zh_url",
    "caption_zh_sha256", "caption_zh_bytes"};

namespace {

using nlohmann::ordered_json;

class RowReader {
public:
    RowReader(const FeedRow& row, std::vector<std::string>& problems) : row_(row), problems_(problems) {}

    std::string text(const std::string& column) const {
        auto found = row_.cells.find(column);
        return found == row_.cells.end() ? std::string() : found->second;
    }

    bool has(const std::string& column) const { return !text(column).empty(); }

    // The cell as a JSON integer; a cell that is not a whole number is reported and kept as text (so lint shows it too).
    ordered_json number(const std::string& column) const {
        const std::string cell = text(column);
        const bool digits = !cell.empty() && cell.size() <= 18 &&
                            std::all_of(cell.begin(), cell.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits) return std::stoll(cell);
        problems_.push_back(row_.origin + ": " + column + ": \"" + cell + "\" is not a whole number / 不是整数");
        return cell;
    }

    void put_text(ordered_json& object, const std::string& key, const std::string& column) const {
        if (has(column)) object[key] = text(column);
    }
    void put_number(ordered_json& object, const std::string& key, const std::string& column) const {
        if (has(column)) object[key] = number(column);
    }

private:
    const FeedRow& row_;
    std::vector<std::string>& problems_;
};

bool is_yes(std::string value) {
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return value == "yes" || value == "y" || value == "1" || value == "true" || value == "是";
}

ordered_json bilingual(const std::string& mn, const std::string& zh) {
    ordered_json text = ordered_json::object();
    text["mn-Mong"] = mn;
    text["zh-Hans"] = zh;
    return text;
}

}  // namespace

ordered_json build_feed(const FeedHeader& header, const std::vector<FeedRow>& rows, std::vector<std::string>& problems) {
    ordered_json feed = ordered_json::object();
    feed["format"] = "family-lawyer-feed/1";
    feed["sequence"] = header.sequence;
    feed["published"] = header.published;
    feed["expires"] = header.expires;
    feed["publisher"] = bilingual(header.publisher_mn, header.publisher_zh);
    ordered_json categories = ordered_json::array();
    ordered_json featured = ordered_json::array();
    ordered_json items = ordered_json::array();
    std::map<std::string, std::size_t> category_index;
    for (const FeedRow& row : rows) {
        const RowReader cell(row, problems);
        const std::string category = cell.text("category");
        auto [at, added] = category_index.emplace(category, categories.size());
        if (added) {
            ordered_json entry = ordered_json::object();
            entry["id"] = category;
            entry["title"] = bilingual(cell.text("category_mn"), cell.text("category_zh"));
            entry["item_ids"] = ordered_json::array();
            categories.push_back(std::move(entry));
        }
        ordered_json& category_entry = categories[at->second];
        if (category_entry["title"]["mn-Mong"].get<std::string>().empty()) category_entry["title"]["mn-Mong"] = cell.text("category_mn");
        if (category_entry["title"]["zh-Hans"].get<std::string>().empty()) category_entry["title"]["zh-Hans"] = cell.text("category_zh");
        category_entry["item_ids"].push_back(cell.text("id"));
        if (is_yes(cell.text("featured"))) featured.push_back(cell.text("id"));

        ordered_json item = ordered_json::object();
        item["id"] = cell.text("id");
        item["type"] = "video";
        item["title"] = bilingual(cell.text("title_mn"), cell.text("title_zh"));
        item["summary"] = bilingual(cell.text("summary_mn"), cell.text("summary_zh"));
        if (cell.has("tags")) {
            ordered_json tags = ordered_json::array();
            std::string words = cell.text("tags");
            std::size_t start = 0;
            while (start < words.size()) {
                const std::size_t end = std::min(words.find(' ', start), words.size());
                if (end > start) tags.push_back(words.substr(start, end - start));
                start = end + 1;
            }
            item["tags"] = tags;
        }
        item["duration_s"] = cell.number("duration_s");
        cell.put_text(item, "valid_from", "valid_from");
        cell.put_text(item, "valid_until", "valid_until");
        ordered_json thumbnail = ordered_json::object();
        thumbnail["url"] = cell.text("thumbnail_url");
        cell.put_text(thumbnail, "sha256", "thumbnail_sha256");
        cell.put_number(thumbnail, "bytes", "thumbnail_bytes");
        thumbnail["w"] = cell.number("thumbnail_w");
        thumbnail["h"] = cell.number("thumbnail_h");
        item["thumbnail"] = thumbnail;
        if (cell.has("hls_url")) item["stream"] = ordered_json{{"hls", cell.text("hls_url")}};
        if (cell.has("download_url")) {
            ordered_json download = ordered_json::object();
            download["url"] = cell.text("download_url");
            cell.put_number(download, "bytes", "download_bytes");
            cell.put_text(download, "sha256", "download_sha256");
            cell.put_number(download, "height", "download_height");
            item["download"] = download;
        }
        ordered_json captions = ordered_json::array();
        for (const auto& [suffix, lang] : {std::pair{"mn", "mn-Mong"}, std::pair{"zh", "zh-Hans"}}) {
            const std::string prefix = std::string("caption_") + suffix + "_";
            if (!cell.has(prefix + "url")) continue;
            ordered_json caption = ordered_json::object();
            caption["lang"] = lang;
            caption["url"] = cell.text(prefix + "url");
            cell.put_text(caption, "sha256", prefix + "sha256");
            cell.put_number(caption, "bytes", prefix + "bytes");
            captions.push_back(caption);
        }
        if (!captions.empty()) item["captions"] = captions;
        items.push_back(std::move(item));
    }
    feed["categories"] = categories;
    feed["featured"] = featured;
    feed["items"] = items;
    return feed;
}

}  // namespace fl::feed_tool
