// Strict feed validator: file-level checks, the strict JSON read, then the document rules of docs/feed-format.md, collecting every problem.
#include "feed/feed_validator.h"

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cstring>
#include <limits>
#include <map>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "feed/feed_references.h"
#include "feed/feed_time.h"
#include "feed/json_node.h"
#include "feed/strict_json.h"

namespace fl::feed {
namespace {

using nlohmann::json;

constexpr std::string_view kMongolian = "mn-Mong";
constexpr std::string_view kChinese = "zh-Hans";
constexpr std::size_t kMaxItems = 50000;
constexpr std::size_t kMaxCategories = 500;
constexpr std::size_t kMaxTags = 16;
constexpr int64_t kMaxThumbnailBytes = int64_t{4} << 20;
constexpr int64_t kMaxCaptionBytes = int64_t{4} << 20;
constexpr int64_t kMaxDownloadBytes = int64_t{64} << 30;

// Code points of valid UTF-8: every byte that is not a continuation byte (10xxxxxx) starts one. 8 bytes at a time.
std::size_t count_code_points(std::string_view utf8) {
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    std::size_t continuation = 0, i = 0;
    for (; i + 8 <= utf8.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, utf8.data() + i, 8);
        // Bit 7 of each byte set where that byte's bit 7 is 1 and its bit 6 is 0.
        continuation += static_cast<std::size_t>(std::popcount(word & ~(word << 1) & kHigh));
    }
    for (; i < utf8.size(); ++i) continuation += (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80;
    return utf8.size() - continuation;
}

bool is_mongolian_letter(char32_t cp) { return cp >= 0x1820 && cp <= 0x18AA; }
bool is_han(char32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF); }  // + ext. A

// True when some code point of valid UTF-8 is a letter of the kind asked for (both kinds are three bytes long);
// stops at the first one, which is usually the first character.
bool contains_letter(std::string_view utf8, bool (*is_letter)(char32_t)) {
    const auto* data = reinterpret_cast<const unsigned char*>(utf8.data());
    for (std::size_t i = 0; i + 2 < utf8.size(); ++i) {
        if ((data[i] & 0xF0) != 0xE0) continue;
        const char32_t cp = (char32_t{data[i] & 0x0Fu} << 12) | (char32_t{data[i + 1] & 0x3Fu} << 6) |
                            char32_t{data[i + 2] & 0x3Fu};
        if (is_letter(cp)) return true;
        i += 2;
    }
    return false;
}

std::string shown_value(std::string_view text) {
    constexpr std::size_t kMax = 48;
    std::string shown(text.substr(0, kMax));
    while (!shown.empty() && shown.size() < text.size() && (static_cast<unsigned char>(text[shown.size()]) & 0xC0) == 0x80) {
        shown.pop_back();
    }
    return "\"" + shown + (shown.size() < text.size() ? "...\"" : "\"");
}

// A JSON pointer kept as a chain of segments on the stack; the text is built only when a problem is reported.
class Pointer {
public:
    Pointer() = default;  // the whole document ("")
    Pointer(const Pointer& parent, std::string_view key) : parent_(&parent), key_(key) {}
    Pointer(const Pointer& parent, std::size_t index) : parent_(&parent), index_(index), is_index_(true) {}

    std::string str() const {
        if (!parent_) return {};
        return parent_->str() + "/" + (is_index_ ? std::to_string(index_) : pointer_token(key_));
    }

private:
    const Pointer* parent_ = nullptr;
    std::string_view key_;
    std::size_t index_ = 0;
    bool is_index_ = false;
};

struct Pending {
    std::string pointer;
    BilingualMessage message;
};

// Walks the document, reporting every rule it breaks and building the catalogue as it goes. Node is NlohmannNode
// (the strict path) or SimdjsonNode (the fast path for valid feeds); both give the same answers.
template <class Node>
class DocumentChecker {
public:
    DocumentChecker(const ValidationOptions& options, const std::unordered_set<std::string>& already_reported)
        : options_(options), already_reported_(already_reported) {
        references_.base = options.base;
        references_.allowed_hosts = options.allowed_hosts;
        references_.any_https_host = options.any_https_host;
        references_.allow_loopback_http = options.allow_loopback_http;
    }

    std::vector<Pending> problems;

    Catalog check(const Node& document) {
        const Pointer root;
        Catalog catalog;
        catalog.base_dir = options_.base;
        if (!expect_object(document, root, {"format", "sequence", "published", "expires", "publisher", "categories",
                                          "featured", "items"})) {
            return catalog;
        }
        if (std::optional<Node> format = required(document, "format", root); format) {
            if (auto text = string_value(*format, Pointer(root, "format")); text && *text != kCatalogFormat) {
                report(Pointer(root, "format"), "unsupported format " + shown_value(*text) + " (expected " + shown_value(kCatalogFormat) + ")",
                       "不支持的格式 " + shown_value(*text) + "（应为 " + shown_value(kCatalogFormat) + "）");
            }
        }
        catalog.sequence = integer_member(document, "sequence", root, 0, std::numeric_limits<int64_t>::max()).value_or(0);
        catalog.published = time_member(document, "published", root).value_or("");
        catalog.expires = time_member(document, "expires", root).value_or("");
        if (!catalog.published.empty() && !catalog.expires.empty() && catalog.expires <= catalog.published) {
            report(Pointer(root, "expires"), "must be later than /published", "必须晚于 /published（发布时间）");
        }
        catalog.publisher = text_member(document, "publisher", root, kMaxTitleCodePoints);

        std::unordered_map<std::string, std::size_t> item_index;
        if (std::optional<Node> items = array_member(document, "items", root, kMaxItems)) {
            catalog.items.reserve(items->size());
            item_index.reserve(items->size());
            const Pointer items_at(root, "items");
            items->for_each_element([&](std::size_t i, const Node& entry) {
                const Pointer at(items_at, i);
                Item item = check_item(entry, at);
                if (item.id.empty()) return;
                if (auto [existing, added] = item_index.emplace(item.id, i); !added) {
                    report(Pointer(at, "id"), "duplicate item id " + shown_value(item.id) + " (also /items/" +
                                           std::to_string(existing->second) + ")",
                           "重复的节目 id " + shown_value(item.id) + "（与 /items/" + std::to_string(existing->second) +
                               " 相同）");
                }
                catalog.items.push_back(std::move(item));
            });
        }
        if (std::optional<Node> categories = array_member(document, "categories", root, kMaxCategories)) {
            std::unordered_map<std::string, std::size_t> category_index;
            const Pointer categories_at(root, "categories");
            categories->for_each_element([&](std::size_t i, const Node& entry) {
                const Pointer at(categories_at, i);
                Category category = check_category(entry, at, item_index);
                if (category.id.empty()) return;
                if (auto [existing, added] = category_index.emplace(category.id, i); !added) {
                    report(Pointer(at, "id"), "duplicate category id " + shown_value(category.id),
                           "重复的栏目 id " + shown_value(category.id));
                }
                catalog.categories.push_back(std::move(category));
            });
        }
        if (std::optional<Node> featured = array_member(document, "featured", root, kMaxItems)) {
            catalog.featured = references(*featured, Pointer(root, "featured"), item_index);
        }
        return catalog;
    }

private:
    void report(const Pointer& pointer, std::string english, std::string chinese) {
        std::string text = pointer.str();
        if (already_reported_.contains(text)) return;  // the parser has said something about this value
        problems.push_back({std::move(text), {std::move(english), std::move(chinese)}});
    }

    void type_error(const Node& value, const Pointer& pointer, std::string_view english, std::string_view chinese) {
        report(pointer, "expected " + std::string(english) + ", found " + std::string(json_kind_name(value.kind())),
               "应为" + std::string(chinese) + "，实际是" + std::string(json_kind_chinese(value.kind())));
    }

    // An object whose members are all known (keys starting with '_' are extensions and are ignored).
    bool expect_object(const Node& value, const Pointer& pointer, std::initializer_list<std::string_view> keys) {
        if (value.kind() != JsonKind::object) {
            type_error(value, pointer, "an object", "对象");
            return false;
        }
        value.for_each_member([&](std::string_view key, const Node&) {
            if (key.starts_with("_")) return;
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
                std::string allowed;
                for (std::string_view k : keys) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
                report(Pointer(pointer, key), "unknown key " + shown_value(key) + " (allowed: " + allowed + ")",
                       "未知的键 " + shown_value(key) + "（允许：" + allowed + "）");
            }
        });
        return true;
    }

    std::optional<Node> required(const Node& object, std::string_view key, const Pointer& pointer) {
        auto found = object.member(key);
        if (!found) report(Pointer(pointer, key), "missing (required)", "缺少此项（必填）");
        return found;
    }

    static std::optional<Node> optional_member(const Node& object, std::string_view key) { return object.member(key); }

    std::optional<std::string> string_value(const Node& value, const Pointer& pointer) {
        if (value.kind() != JsonKind::string) {
            type_error(value, pointer, "a string", "字符串");
            return std::nullopt;
        }
        return std::string(value.text());
    }

    std::optional<int64_t> integer_value(const Node& value, const Pointer& pointer, int64_t min, int64_t max) {
        if (value.kind() != JsonKind::integer && value.kind() != JsonKind::big_unsigned) {
            type_error(value, pointer, "an integer", "整数");
            return std::nullopt;
        }
        const bool huge = value.kind() == JsonKind::big_unsigned;
        const int64_t number = huge ? std::numeric_limits<int64_t>::max() : value.integer();
        if (huge || number < min || number > max) {
            report(pointer, "out of range (" + std::to_string(min) + " to " + std::to_string(max) + ")",
                   "超出范围（" + std::to_string(min) + " 到 " + std::to_string(max) + "）");
            return std::nullopt;
        }
        return number;
    }

    std::optional<int64_t> integer_member(const Node& object, std::string_view key, const Pointer& pointer,
                                          int64_t min, int64_t max) {
        std::optional<Node> value = required(object, key, pointer);
        if (!value) return std::nullopt;
        return integer_value(*value, Pointer(pointer, key), min, max);
    }

    std::optional<std::string> time_value(const Node& value, const Pointer& pointer) {
        auto text = string_value(value, pointer);
        if (!text) return std::nullopt;
        if (!parse_utc_time(*text)) {
            report(pointer, shown_value(*text) + " is not a UTC time like 2026-11-01T08:00:00Z",
                   shown_value(*text) + " 不是 UTC 时间（格式如 2026-11-01T08:00:00Z）");
            return std::nullopt;
        }
        return text;
    }

    std::optional<std::string> time_member(const Node& object, std::string_view key, const Pointer& pointer) {
        std::optional<Node> value = required(object, key, pointer);
        if (!value) return std::nullopt;
        return time_value(*value, Pointer(pointer, key));
    }

    std::optional<std::string> id_value(const Node& value, const Pointer& pointer) {
        auto text = string_value(value, pointer);
        if (!text) return std::nullopt;
        if (!is_valid_id(*text)) {
            report(pointer, shown_value(*text) + " is not a valid id: use 1 to 64 lower-case letters, digits and '-'",
                   shown_value(*text) + " 不是有效的 id：只能用 1 到 64 个小写字母、数字和 '-'");
            return std::nullopt;
        }
        return text;
    }

    std::optional<Node> array_member(const Node& object, std::string_view key, const Pointer& pointer, std::size_t max) {
        std::optional<Node> value = required(object, key, pointer);
        if (!value) return std::nullopt;
        const Pointer at = Pointer(pointer, key);
        if (value->kind() != JsonKind::array) {
            type_error(*value, at, "an array", "数组");
            return std::nullopt;
        }
        if (value->size() > max) {
            report(at, "more than " + std::to_string(max) + " entries", "超过 " + std::to_string(max) + " 项");
            return std::nullopt;
        }
        return value;
    }

    LocalizedText text_member(const Node& object, std::string_view key, const Pointer& pointer,
                              std::size_t max_code_points) {
        LocalizedText text;
        std::optional<Node> value = required(object, key, pointer);
        const Pointer at = Pointer(pointer, key);
        if (!value || !expect_object(*value, at, {kMongolian, kChinese})) return text;
        text.mn = language_text(*value, kMongolian, at, max_code_points);
        text.zh = language_text(*value, kChinese, at, max_code_points);
        return text;
    }

    std::string language_text(const Node& object, std::string_view language, const Pointer& pointer,
                              std::size_t max_code_points) {
        auto found = object.member(language);
        const Pointer at = Pointer(pointer, language);
        if (!found) {
            const bool mongolian = language == kMongolian;
            report(at, std::string("missing the ") + (mongolian ? "Mongolian" : "Chinese") + " text (" +
                           std::string(language) + ")",
                   std::string("缺少") + (mongolian ? "蒙古文" : "中文") + "文字（" + std::string(language) + "）");
            return {};
        }
        auto text = string_value(*found, at);
        if (!text) return {};
        if (text->empty()) {
            report(at, "empty text", "文字为空");
            return {};
        }
        const std::size_t code_points = count_code_points(*text);
        if (code_points > max_code_points) {
            report(at, "too long: " + std::to_string(code_points) + " characters (at most " +
                           std::to_string(max_code_points) + ")",
                   "太长：" + std::to_string(code_points) + " 个字符（最多 " + std::to_string(max_code_points) +
                       " 个）");
        }
        if (language == kMongolian && !contains_letter(*text, is_mongolian_letter)) {
            report(at, "the mn-Mong text contains no Mongolian letters (U+1820-U+18AA); write it in Unicode Mongolian script",
                   "mn-Mong 文字中没有蒙古文字母（U+1820-U+18AA），请用 Unicode 蒙古文书写");
        }
        if (language == kChinese && !contains_letter(*text, is_han)) {
            report(at, "the zh-Hans text contains no Chinese characters", "zh-Hans 文字中没有汉字");
        }
        return std::move(*text);
    }

    // A "url" member: resolved, with the rules of feed_references.h.
    std::optional<ResolvedReference> reference_member(const Node& object, const Pointer& pointer) {
        std::optional<Node> value = required(object, "url", pointer);
        if (!value) return std::nullopt;
        const Pointer at = Pointer(pointer, "url");
        auto text = string_value(*value, at);
        if (!text) return std::nullopt;
        ResolvedReference resolved;
        BilingualMessage problem;
        if (!resolve_reference(*text, references_, resolved, problem)) {
            report(at, shown_value(*text) + ": " + problem.english, shown_value(*text) + "：" + problem.chinese);
            return std::nullopt;
        }
        return resolved;
    }

    // sha256 and bytes of a file: required when it is fetched from a server, optional next to a local catalogue.
    void integrity_members(const Node& object, const Pointer& pointer, bool remote, int64_t max_bytes,
                           std::string& sha256, int64_t& bytes) {
        std::optional<Node> hash = optional_member(object, "sha256");
        std::optional<Node> size = optional_member(object, "bytes");
        if (remote && !hash) report(Pointer(pointer, "sha256"), "missing (required for files on a server)", "缺少此项（服务器上的文件必填）");
        if (remote && !size) report(Pointer(pointer, "bytes"), "missing (required for files on a server)", "缺少此项（服务器上的文件必填）");
        if (hash) {
            if (auto text = string_value(*hash, Pointer(pointer, "sha256"))) {
                const bool hex = text->size() == 64 && std::all_of(text->begin(), text->end(), [](char c) {
                    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                });
                if (hex) {
                    sha256 = *text;
                } else {
                    report(Pointer(pointer, "sha256"), "not a sha256: expected 64 lower-case hexadecimal digits",
                           "不是 sha256 值：应为 64 位小写十六进制数字");
                }
            }
        }
        if (size) bytes = integer_value(*size, Pointer(pointer, "bytes"), 1, max_bytes).value_or(0);
    }

    Item check_item(const Node& value, const Pointer& at) {
        Item item;
        if (!expect_object(value, at, {"id", "type", "title", "summary", "tags", "duration_s", "valid_from",
                                       "valid_until", "thumbnail", "stream", "download", "captions"})) {
            return item;
        }
        if (std::optional<Node> id = required(value, "id", at)) item.id = id_value(*id, Pointer(at, "id")).value_or("");
        if (std::optional<Node> type = required(value, "type", at)) {
            item.type = string_value(*type, Pointer(at, "type")).value_or("");
            if (!item.type.empty() && item.type != "video") {
                report(Pointer(at, "type"), "unsupported type " + shown_value(item.type) + " (expected \"video\")",
                       "不支持的类型 " + shown_value(item.type) + "（应为 \"video\"）");
            }
        }
        item.title = text_member(value, "title", at, kMaxTitleCodePoints);
        item.summary = text_member(value, "summary", at, kMaxSummaryCodePoints);
        if (std::optional<Node> tags = optional_member(value, "tags")) {
            if (tags->kind() != JsonKind::array) {
                type_error(*tags, Pointer(at, "tags"), "an array", "数组");
            } else if (tags->size() > kMaxTags) {
                report(Pointer(at, "tags"), "more than " + std::to_string(kMaxTags) + " tags", "标签超过 " + std::to_string(kMaxTags) + " 个");
            } else {
                tags->for_each_element([&](std::size_t i, const Node& entry) {
                    if (auto tag = id_value(entry, Pointer(Pointer(at, "tags"), i))) item.tags.push_back(*tag);
                });
            }
        }
        item.duration_s = static_cast<int>(integer_member(value, "duration_s", at, 1, 24 * 60 * 60).value_or(0));
        if (std::optional<Node> from = optional_member(value, "valid_from")) item.valid_from = time_value(*from, Pointer(at, "valid_from")).value_or("");
        if (std::optional<Node> until = optional_member(value, "valid_until")) {
            item.valid_until = time_value(*until, Pointer(at, "valid_until")).value_or("");
        }
        if (!item.valid_from.empty() && !item.valid_until.empty() && item.valid_until <= item.valid_from) {
            report(Pointer(at, "valid_until"), "must be later than valid_from", "必须晚于 valid_from（生效时间）");
        }
        check_thumbnail(value, at, item);
        check_playables(value, at, item);
        check_captions(value, at, item);
        return item;
    }

    void check_thumbnail(const Node& value, const Pointer& item_at, Item& item) {
        std::optional<Node> thumbnail = required(value, "thumbnail", item_at);
        const Pointer at = Pointer(item_at, "thumbnail");
        if (!thumbnail || !expect_object(*thumbnail, at, {"url", "sha256", "bytes", "w", "h"})) return;
        auto reference = reference_member(*thumbnail, at);
        if (reference) item.thumbnail_path = reference->location;
        integrity_members(*thumbnail, at, reference && reference->remote, kMaxThumbnailBytes, item.thumbnail_sha256,
                          item.thumbnail_bytes);
        item.thumbnail_w = static_cast<int>(integer_member(*thumbnail, "w", at, 16, 3840).value_or(0));
        item.thumbnail_h = static_cast<int>(integer_member(*thumbnail, "h", at, 16, 2160).value_or(0));
    }

    void check_playables(const Node& value, const Pointer& item_at, Item& item) {
        std::optional<Node> stream = optional_member(value, "stream");
        std::optional<Node> download = optional_member(value, "download");
        if (!stream && !download) {
            report(Pointer(item_at, "stream"), "the programme needs a stream, a download, or both", "节目需要 stream（在线播放）或 download（下载），或两者都有");
        }
        bool local_download = false;
        if (stream) {
            const Pointer at = Pointer(item_at, "stream");
            if (expect_object(*stream, at, {"hls"})) {
                if (std::optional<Node> hls = required(*stream, "hls", at)) {
                    if (auto text = string_value(*hls, Pointer(at, "hls"))) {
                        ResolvedReference resolved;
                        BilingualMessage problem;
                        if (resolve_reference(*text, references_, resolved, problem)) {
                            item.stream_hls = resolved.location;
                        } else {
                            report(Pointer(at, "hls"), shown_value(*text) + ": " + problem.english, shown_value(*text) + "：" + problem.chinese);
                        }
                    }
                }
            }
        }
        if (download) {
            const Pointer at = Pointer(item_at, "download");
            if (expect_object(*download, at, {"url", "bytes", "sha256", "height"})) {
                auto reference = reference_member(*download, at);
                if (reference) {
                    item.download.location = reference->location;
                    local_download = !reference->remote;
                }
                integrity_members(*download, at, reference && reference->remote, kMaxDownloadBytes,
                                  item.download.sha256, item.download.bytes);
                item.download_height = static_cast<int>(integer_member(*download, "height", at, 144, 4320).value_or(0));
            }
        }
        item.media_path = local_download || item.stream_hls.empty() ? item.download.location : item.stream_hls;
    }

    void check_captions(const Node& value, const Pointer& item_at, Item& item) {
        std::optional<Node> captions = optional_member(value, "captions");
        if (!captions) return;
        const Pointer at = Pointer(item_at, "captions");
        if (captions->kind() != JsonKind::array) {
            type_error(*captions, at, "an array", "数组");
            return;
        }
        captions->for_each_element([&](std::size_t i, const Node& entry) {
            const Pointer caption_at = Pointer(at, i);
            if (!expect_object(entry, caption_at, {"lang", "url", "sha256", "bytes"})) return;
            Caption caption;
            if (std::optional<Node> lang = required(entry, "lang", caption_at)) {
                caption.lang = string_value(*lang, Pointer(caption_at, "lang")).value_or("");
                if (!caption.lang.empty() && caption.lang != kMongolian && caption.lang != kChinese) {
                    report(Pointer(caption_at, "lang"), "unsupported language " + shown_value(caption.lang) + " (expected \"mn-Mong\" or \"zh-Hans\")",
                           "不支持的语言 " + shown_value(caption.lang) + "（应为 \"mn-Mong\" 或 \"zh-Hans\"）");
                    caption.lang.clear();
                }
                for (const Caption& earlier : item.captions) {
                    if (!caption.lang.empty() && earlier.lang == caption.lang) {
                        report(Pointer(caption_at, "lang"), "a second caption track for " + shown_value(caption.lang),
                               shown_value(caption.lang) + " 的字幕重复");
                    }
                }
            }
            auto reference = reference_member(entry, caption_at);
            if (reference) caption.path = reference->location;
            integrity_members(entry, caption_at, reference && reference->remote, kMaxCaptionBytes, caption.sha256,
                              caption.bytes);
            item.captions.push_back(std::move(caption));
        });
    }

    Category check_category(const Node& value, const Pointer& at,
                            const std::unordered_map<std::string, std::size_t>& item_index) {
        Category category;
        if (!expect_object(value, at, {"id", "title", "item_ids"})) return category;
        if (std::optional<Node> id = required(value, "id", at)) category.id = id_value(*id, Pointer(at, "id")).value_or("");
        category.title = text_member(value, "title", at, kMaxTitleCodePoints);
        if (std::optional<Node> ids = array_member(value, "item_ids", at, kMaxItems)) {
            if (ids->size() == 0) report(Pointer(at, "item_ids"), "the category has no programmes", "栏目中没有节目");
            category.item_ids = references(*ids, Pointer(at, "item_ids"), item_index);
        }
        return category;
    }

    // A list of item ids: each must name an item of the feed, once.
    std::vector<std::string> references(const Node& ids, const Pointer& at,
                                        const std::unordered_map<std::string, std::size_t>& item_index) {
        std::vector<std::string> result;
        result.reserve(ids.size());
        std::unordered_set<std::string_view> seen;  // views of the document's strings, which outlive this call
        seen.reserve(ids.size());
        ids.for_each_element([&](std::size_t i, const Node& entry) {
            const Pointer id_at = Pointer(at, i);
            auto id = id_value(entry, id_at);
            if (!id) return;
            if (!item_index.contains(*id)) {
                report(id_at, "no programme has the id " + shown_value(*id), "没有 id 为 " + shown_value(*id) + " 的节目");
                return;
            }
            if (!seen.insert(entry.text()).second) {
                report(id_at, "programme " + shown_value(*id) + " is listed twice", "节目 " + shown_value(*id) + " 重复列出");
                return;
            }
            result.push_back(std::move(*id));
        });
        return result;
    }

    const ValidationOptions& options_;
    const std::unordered_set<std::string>& already_reported_;
    ReferencePolicy references_;
};

// The lexical rules of the strict reader (depth, duplicate keys, text in keys and strings) on a simdjson document.
bool lexically_clean(const SimdjsonNode& node, int depth) {
    BilingualMessage ignored;
    switch (node.kind()) {
        case JsonKind::string: return !find_text_problem(node.text(), ignored);
        case JsonKind::array: {
            if (depth > kMaxDepth) return false;
            bool clean = true;
            node.for_each_element([&](std::size_t, const SimdjsonNode& element) {
                clean = clean && lexically_clean(element, depth + 1);
            });
            return clean;
        }
        case JsonKind::object: {
            if (depth > kMaxDepth) return false;
            // Duplicate keys: objects in a feed are small, so compare on the stack; large ones are sorted.
            constexpr std::size_t kSmall = 16;
            std::array<std::string_view, kSmall> small_keys;
            std::vector<std::string_view> large_keys;
            const std::size_t count = node.size();
            if (count > kSmall) large_keys.reserve(count);
            std::size_t seen = 0;
            bool clean = true;
            node.for_each_member([&](std::string_view key, const SimdjsonNode& value) {
                if (!clean) return;
                if (count <= kSmall) {
                    for (std::size_t i = 0; i < seen && clean; ++i) clean = small_keys[i] != key;
                    if (seen < kSmall) small_keys[seen] = key;
                } else {
                    large_keys.push_back(key);
                }
                ++seen;
                clean = clean && !find_text_problem(key, ignored) && lexically_clean(value, depth + 1);
            });
            if (!clean || large_keys.empty()) return clean;
            std::sort(large_keys.begin(), large_keys.end());
            return std::adjacent_find(large_keys.begin(), large_keys.end()) == large_keys.end();
        }
        default: return true;
    }
}

// Documents from this size on get their lexical scan on a second thread (a thread costs tens of microseconds).
constexpr std::size_t kConcurrentScanBytes = 256 * 1024;

// The fast path: simdjson reads the text, and when it and every rule are satisfied, the catalogue comes from its
// document. Anything else (a problem of any kind) returns nothing and the strict path reports with positions.
std::optional<Catalog> validate_fast(std::string_view bytes, const ValidationOptions& options) {
    auto lap = [&, start = std::chrono::steady_clock::now()](double FastPathTimings::*stage) mutable {
        if (!options.timings) return;
        const auto now = std::chrono::steady_clock::now();
        options.timings->*stage = std::chrono::duration<double, std::milli>(now - start).count();
        start = now;
    };
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(bytes.data(), bytes.size(), true).get(root) != simdjson::SUCCESS) return std::nullopt;
    lap(&FastPathTimings::parse_ms);
    const SimdjsonNode document(root);
    // The lexical scan and the document rules only read the document, so they run side by side; a feed is valid
    // only when both pass. Small documents are not worth a thread.
    bool clean = false;
    double scan_ms = 0;
    auto scan = [&] {
        const auto start = std::chrono::steady_clock::now();
        clean = lexically_clean(document, 1);
        scan_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    const std::unordered_set<std::string> nothing_reported;
    DocumentChecker<SimdjsonNode> checker(options, nothing_reported);
    std::optional<Catalog> catalog;
    if (bytes.size() >= kConcurrentScanBytes) {
        std::jthread scanner(scan);
        catalog = checker.check(document);
    } else {
        scan();
        if (clean) catalog = checker.check(document);
    }
    lap(&FastPathTimings::rules_ms);
    if (options.timings) {
        options.timings->text_scan_ms = scan_ms;
        if (bytes.size() < kConcurrentScanBytes) options.timings->rules_ms -= scan_ms;
    }
    if (!clean || !checker.problems.empty()) return std::nullopt;
    return catalog;
}

}  // namespace

std::string format_problem(const FeedProblem& problem) {
    std::string text = problem.file;
    if (problem.line > 0) text += ":" + std::to_string(problem.line) + ":" + std::to_string(problem.column);
    text += ": ";
    if (problem.line > 0) text += (problem.pointer.empty() ? std::string("(document)") : problem.pointer) + ": ";
    return text + problem.english + " / " + problem.chinese;
}

ValidationReport validate_feed(std::string_view bytes, const ValidationOptions& options) {
    ValidationReport report;
    auto whole_file = [&](std::string english, std::string chinese) {
        report.problems.push_back({options.source_name, 0, 0, "", std::move(english), std::move(chinese)});
        return report;
    };
    if (bytes.size() > options.max_bytes) {
        return whole_file("the file is too large: " + std::to_string(bytes.size()) + " bytes (at most " +
                              std::to_string(options.max_bytes) + ")",
                          "文件太大：" + std::to_string(bytes.size()) + " 字节（最多 " + std::to_string(options.max_bytes) +
                              " 字节）");
    }
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        return whole_file("the file starts with a byte order mark (BOM); save it as UTF-8 without BOM",
                          "文件以字节顺序标记（BOM）开头，请保存为无 BOM 的 UTF-8");
    }
    if (bytes.empty()) return whole_file("the file is empty", "文件为空");
    if (options.fast_path) {
        if (auto catalog = validate_fast(bytes, options)) {
            report.catalog = std::move(catalog);
            return report;
        }
    }

    StrictJson parsed = parse_strict_json(bytes, kMaxDepth, options.max_problems);
    std::vector<std::size_t> offsets;
    std::vector<std::string> pointers;
    std::vector<BilingualMessage> messages;
    std::unordered_set<std::string> reported;
    for (JsonIssue& issue : parsed.issues) {
        offsets.push_back(issue.offset);
        reported.insert(issue.pointer);
        pointers.push_back(std::move(issue.pointer));
        messages.push_back({std::move(issue.english), std::move(issue.chinese)});
    }
    report.truncated = parsed.truncated;

    std::optional<Catalog> catalog;
    if (parsed.complete) {
        DocumentChecker<NlohmannNode> checker(options, reported);
        catalog = checker.check(NlohmannNode(parsed.document));
        if (!checker.problems.empty()) {
            std::vector<std::string> located;
            for (const Pending& pending : checker.problems) located.push_back(pending.pointer);
            const std::vector<std::size_t> found = locate_pointers(bytes, located);
            for (std::size_t i = 0; i < checker.problems.size(); ++i) {
                if (pointers.size() >= options.max_problems) {
                    report.truncated = true;
                    break;
                }
                offsets.push_back(found[i]);
                pointers.push_back(std::move(checker.problems[i].pointer));
                messages.push_back(std::move(checker.problems[i].message));
            }
        }
    }

    const std::vector<TextPosition> positions = text_positions(bytes, offsets);
    std::vector<std::size_t> order(offsets.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return offsets[a] < offsets[b]; });
    for (std::size_t i : order) {
        report.problems.push_back({options.source_name, positions[i].line, positions[i].column, std::move(pointers[i]),
                                   std::move(messages[i].english), std::move(messages[i].chinese)});
    }
    if (report.problems.empty() && catalog) report.catalog = std::move(catalog);
    return report;
}

}  // namespace fl::feed
