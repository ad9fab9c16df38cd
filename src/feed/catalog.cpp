// Catalogue model: parses the bilingual catalogue JSON, enforces its rules and resolves item paths safely.
#include "feed/catalog.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

namespace fl::feed {

bool is_valid_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!lower_or_digit(id.front())) return false;
    for (char c : id) {
        if (!lower_or_digit(c) && c != '-') return false;
    }
    return true;
}

const Item* Catalog::find_item(std::string_view id) const {
    for (const Item& item : items) {
        if (item.id == id) return &item;
    }
    return nullptr;
}

const Category* Catalog::find_category(std::string_view id) const {
    for (const Category& category : categories) {
        if (category.id == id) return &category;
    }
    return nullptr;
}

namespace {

using nlohmann::json;

constexpr std::string_view kMongolian = "mn-Mong";
constexpr std::string_view kChinese = "zh-Hans";

// A rule the document breaks: where (a JSON pointer) and what. Thrown inside this file only; parse_catalog turns
// it into an fl::Error.
struct Invalid {
    std::string pointer;
    std::string problem;
};

std::string child(const std::string& pointer, std::string_view key) {
    std::string result = pointer + "/";
    for (char c : key) {  // RFC 6901 escaping
        if (c == '~') {
            result += "~0";
        } else if (c == '/') {
            result += "~1";
        } else {
            result += c;
        }
    }
    return result;
}

std::string child(const std::string& pointer, std::size_t index) {
    return pointer + "/" + std::to_string(index);
}

// A document value for an error message: quoted, control bytes escaped, cut after 64 bytes on a character boundary.
std::string shown(std::string_view text) {
    constexpr std::size_t kMaxBytes = 64;
    std::string result = "\"";
    std::size_t end = text.size();
    bool cut = false;
    if (end > kMaxBytes) {
        end = kMaxBytes;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        cut = true;
    }
    for (std::size_t i = 0; i < end; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7F) {
            static constexpr char kHex[] = "0123456789abcdef";
            result += "\\x";
            result += kHex[byte >> 4];
            result += kHex[byte & 0x0F];
        } else if (byte == '"' || byte == '\\') {
            result += '\\';
            result += static_cast<char>(byte);
        } else {
            result += static_cast<char>(byte);
        }
    }
    result += cut ? "\"..." : "\"";
    return result;
}

// Text for a one-line log message: bytes outside printable ASCII (control bytes, and UTF-8 that may be ill-formed)
// become \xNN.
std::string printable(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string result;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7F) {
            result += "\\x";
            result += kHex[byte >> 4];
            result += kHex[byte & 0x0F];
        } else {
            result += c;
        }
    }
    return result;
}

std::string got(const json& value) {
    return std::string(", got ") + value.type_name();
}

const json& member(const json& object, std::string_view key, const std::string& pointer) {
    auto found = object.find(std::string(key));
    if (found == object.end()) throw Invalid{child(pointer, key), "missing"};
    return *found;
}

const json& object_member(const json& object, std::string_view key, const std::string& pointer) {
    const json& value = member(object, key, pointer);
    if (!value.is_object()) throw Invalid{child(pointer, key), "expected an object" + got(value)};
    return value;
}

const json& array_member(const json& object, std::string_view key, const std::string& pointer) {
    const json& value = member(object, key, pointer);
    if (!value.is_array()) throw Invalid{child(pointer, key), "expected an array" + got(value)};
    return value;
}

void expect_object(const json& value, const std::string& pointer) {
    if (!value.is_object()) throw Invalid{pointer, "expected an object" + got(value)};
}

std::string expect_string(const json& value, const std::string& pointer) {
    if (!value.is_string()) throw Invalid{pointer, "expected a string" + got(value)};
    return value.get<std::string>();
}

std::string string_member(const json& object, std::string_view key, const std::string& pointer) {
    return expect_string(member(object, key, pointer), child(pointer, key));
}

std::string nonempty_string_member(const json& object, std::string_view key, const std::string& pointer) {
    std::string text = string_member(object, key, pointer);
    if (text.empty()) throw Invalid{child(pointer, key), "empty"};
    return text;
}

int64_t integer_member(const json& object, std::string_view key, const std::string& pointer, int64_t min, int64_t max) {
    const json& value = member(object, key, pointer);
    const std::string at = child(pointer, key);
    if (!value.is_number_integer()) throw Invalid{at, "expected an integer" + got(value)};
    const bool too_big = value.is_number_unsigned() &&
                         value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    const int64_t number = too_big ? std::numeric_limits<int64_t>::max() : value.get<int64_t>();
    if (too_big || number < min || number > max) {
        throw Invalid{at, "out of range (" + std::to_string(min) + ".." + std::to_string(max) + ")"};
    }
    return number;
}

std::string expect_id(const json& value, const std::string& pointer) {
    std::string id = expect_string(value, pointer);
    if (!is_valid_id(id)) {
        throw Invalid{pointer, shown(id) + " is not a valid id (expected ^[a-z0-9][a-z0-9-]{0,63}$)"};
    }
    return id;
}

LocalizedText text_member(const json& object, std::string_view key, const std::string& pointer) {
    const json& text = object_member(object, key, pointer);
    const std::string at = child(pointer, key);
    return {nonempty_string_member(text, kMongolian, at), nonempty_string_member(text, kChinese, at)};
}

// "YYYY-MM-DDTHH:MM:SSZ" with plausible field values; such strings compare chronologically as text.
bool is_utc_time(std::string_view text) {
    static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != kShape.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (kShape[i] == 'd' ? (text[i] < '0' || text[i] > '9') : text[i] != kShape[i]) return false;
    }
    auto field = [&](std::size_t at) { return (text[at] - '0') * 10 + (text[at + 1] - '0'); };
    return field(5) >= 1 && field(5) <= 12 && field(8) >= 1 && field(8) <= 31 && field(11) <= 23 && field(14) <= 59 &&
           field(17) <= 60;
}

std::string time_member(const json& object, std::string_view key, const std::string& pointer) {
    std::string text = string_member(object, key, pointer);
    if (!is_utc_time(text)) {
        throw Invalid{child(pointer, key), shown(text) + " is not a UTC time like 2026-11-01T08:00:00Z"};
    }
    return text;
}

// Why a path from the document may not be used, or "" when it is a plain relative path inside the directory.
std::string path_problem(std::string_view path) {
    if (path.empty()) return "empty";
    if (path.front() == '/') return shown(path) + " is absolute; paths must be relative to the catalogue";
    for (char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\\') return shown(path) + " contains a backslash; use '/'";
        if (byte < 0x20 || byte == 0x7F) return shown(path) + " contains a control character";
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = path.find('/', start);
        const std::string_view segment =
            path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (segment == "..") return shown(path) + " leaves the catalogue directory (\"..\")";
        if (segment.empty() || segment == ".") return shown(path) + " has an empty or \".\" segment";
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return {};
}

class CatalogReader {
public:
    explicit CatalogReader(std::string base_dir) : base_dir_(std::move(base_dir)) {}

    Catalog read(const json& document) {
        expect_object(document, "");
        Catalog catalog;
        const std::string format = string_member(document, "format", "");
        if (format != kCatalogFormat) {
            throw Invalid{"/format",
                          "unsupported format " + shown(format) + " (expected " + shown(kCatalogFormat) + ")"};
        }
        catalog.sequence = integer_member(document, "sequence", "", 0, std::numeric_limits<int64_t>::max());
        catalog.published = time_member(document, "published", "");
        catalog.expires = time_member(document, "expires", "");
        if (catalog.expires <= catalog.published) throw Invalid{"/expires", "not later than /published"};
        catalog.publisher = text_member(document, "publisher", "");

        // Items first, so that category and featured references can be checked against them.
        const json& items = array_member(document, "items", "");
        std::map<std::string, std::size_t, std::less<>> item_index;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string at = child("/items", i);
            Item item = read_item(items[i], at);
            if (auto [existing, added] = item_index.emplace(item.id, i); !added) {
                throw Invalid{at + "/id", "duplicate id " + shown(item.id) + " (also " +
                                              child("/items", existing->second) + "/id)"};
            }
            catalog.items.push_back(std::move(item));
        }

        const json& categories = array_member(document, "categories", "");
        std::map<std::string, std::size_t, std::less<>> category_index;
        for (std::size_t i = 0; i < categories.size(); ++i) {
            const std::string at = child("/categories", i);
            Category category = read_category(categories[i], at, item_index);
            if (auto [existing, added] = category_index.emplace(category.id, i); !added) {
                throw Invalid{at + "/id", "duplicate id " + shown(category.id) + " (also " +
                                              child("/categories", existing->second) + "/id)"};
            }
            catalog.categories.push_back(std::move(category));
        }

        catalog.featured = read_references(array_member(document, "featured", ""), "/featured", item_index);
        catalog.base_dir = base_dir_;
        return catalog;
    }

private:
    std::string resolve(const std::string& path) const {
        if (base_dir_.empty()) return path;
        if (base_dir_.back() == '/') return base_dir_ + path;
        return base_dir_ + "/" + path;
    }

    std::string path_member(const json& object, std::string_view key, const std::string& pointer) const {
        std::string path = string_member(object, key, pointer);
        if (std::string problem = path_problem(path); !problem.empty()) throw Invalid{child(pointer, key), problem};
        return resolve(path);
    }

    Item read_item(const json& value, const std::string& at) const {
        expect_object(value, at);
        Item item;
        item.id = expect_id(member(value, "id", at), at + "/id");
        item.type = string_member(value, "type", at);
        if (item.type != "video") {
            throw Invalid{at + "/type", "unsupported type " + shown(item.type) + " (expected \"video\")"};
        }
        item.title = text_member(value, "title", at);
        item.summary = text_member(value, "summary", at);
        item.duration_s = static_cast<int>(integer_member(value, "duration_s", at, 1, int64_t{24} * 60 * 60));

        const json& thumbnail = object_member(value, "thumbnail", at);
        item.thumbnail_path = path_member(thumbnail, "path", at + "/thumbnail");
        item.thumbnail_w = static_cast<int>(integer_member(thumbnail, "w", at + "/thumbnail", 1, 8192));
        item.thumbnail_h = static_cast<int>(integer_member(thumbnail, "h", at + "/thumbnail", 1, 8192));

        item.media_path = path_member(object_member(value, "media", at), "path", at + "/media");

        const json& captions = array_member(value, "captions", at);
        for (std::size_t i = 0; i < captions.size(); ++i) {
            const std::string caption_at = child(at + "/captions", i);
            expect_object(captions[i], caption_at);
            Caption caption;
            caption.lang = string_member(captions[i], "lang", caption_at);
            if (caption.lang != kMongolian && caption.lang != kChinese) {
                throw Invalid{caption_at + "/lang",
                              "unsupported language " + shown(caption.lang) + " (expected \"mn-Mong\" or \"zh-Hans\")"};
            }
            for (const Caption& earlier : item.captions) {
                if (earlier.lang == caption.lang) {
                    throw Invalid{caption_at + "/lang", "second caption track for " + shown(caption.lang)};
                }
            }
            caption.path = path_member(captions[i], "path", caption_at);
            item.captions.push_back(std::move(caption));
        }
        return item;
    }

    static Category read_category(const json& value, const std::string& at,
                                  const std::map<std::string, std::size_t, std::less<>>& item_index) {
        expect_object(value, at);
        Category category;
        category.id = expect_id(member(value, "id", at), at + "/id");
        category.title = text_member(value, "title", at);
        const json& item_ids = array_member(value, "item_ids", at);
        if (item_ids.empty()) throw Invalid{at + "/item_ids", "category has no items"};
        category.item_ids = read_references(item_ids, at + "/item_ids", item_index);
        return category;
    }

    // A list of item ids: each must name an item, and each only once.
    static std::vector<std::string> read_references(const json& ids, const std::string& at,
                                                    const std::map<std::string, std::size_t, std::less<>>& items) {
        std::vector<std::string> result;
        std::set<std::string, std::less<>> seen;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const std::string id_at = child(at, i);
            std::string id = expect_id(ids[i], id_at);
            if (!items.contains(id)) throw Invalid{id_at, "unknown item " + shown(id)};
            if (!seen.insert(id).second) throw Invalid{id_at, "item " + shown(id) + " listed twice"};
            result.push_back(std::move(id));
        }
        return result;
    }

    std::string base_dir_;
};

Error error_at(std::string_view source_name, const std::string& pointer, const std::string& problem) {
    return Error{std::string(source_name) + ": " + (pointer.empty() ? std::string("(document)") : pointer) + ": " +
                 problem};
}

}  // namespace

Result<Catalog> parse_catalog(std::string_view json_text, std::string_view source_name, std::string base_dir) {
    const std::string source(source_name);
    if (json_text.size() > kMaxCatalogBytes) {
        return Error{source + ": too large (" + std::to_string(json_text.size()) + " bytes, limit " +
                     std::to_string(kMaxCatalogBytes) + ")"};
    }
    if (json_text.starts_with("\xEF\xBB\xBF")) {
        return Error{source + ": starts with a UTF-8 byte order mark; save it as UTF-8 without BOM"};
    }
    json document;
    try {
        document = json::parse(json_text.begin(), json_text.end());
    } catch (const json::parse_error& e) {
        std::string detail = e.what();
        if (const std::size_t end_of_tag = detail.find("] "); end_of_tag != std::string::npos) {
            detail.erase(0, end_of_tag + 2);
        }
        return Error{source + ": invalid JSON at byte " + std::to_string(e.byte) + ": " + printable(detail)};
    }
    try {
        return CatalogReader(std::move(base_dir)).read(document);
    } catch (const Invalid& invalid) {
        return error_at(source_name, invalid.pointer, invalid.problem);
    }
}

Result<Catalog> load_catalog(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return Error{path + ": cannot open: " + std::strerror(errno)};
    std::string text;
    char buffer[64 * 1024];
    while (file.read(buffer, sizeof buffer) || file.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(file.gcount()));
        if (text.size() > kMaxCatalogBytes) {
            return Error{path + ": too large (over " + std::to_string(kMaxCatalogBytes) + " bytes)"};
        }
    }
    if (file.bad()) return Error{path + ": read failed"};
    std::string base_dir = std::filesystem::path(path).parent_path().string();
    if (base_dir.empty()) base_dir = ".";
    return parse_catalog(text, path, std::move(base_dir));
}

}  // namespace fl::feed
