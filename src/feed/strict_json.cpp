// Strict JSON reading for feeds: a SAX handler over a byte-counting input that builds the document and checks every token.
#include "feed/strict_json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <iterator>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unordered_map>
#include <utility>

#include "core/utf8.h"

namespace fl::feed {
namespace {

using nlohmann::json;

// An input iterator over the text that publishes how many bytes the parser has consumed.
class CountingIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    CountingIterator(const char* at, const char* begin, std::size_t* consumed)
        : at_(at), begin_(begin), consumed_(consumed) {}
    reference operator*() const { return *at_; }
    CountingIterator& operator++() {
        ++at_;
        *consumed_ = static_cast<std::size_t>(at_ - begin_);
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const CountingIterator& other) const { return at_ == other.at_; }
    bool operator!=(const CountingIterator& other) const { return at_ != other.at_; }

private:
    const char* at_;
    const char* begin_;
    std::size_t* consumed_;
};

std::string hex_code_point(char32_t cp) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
    return buffer;
}

bool is_number_char(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// Code points that NFC leaves alone whatever surrounds them (no decomposition, never composes, combining class 0),
// so most Mongolian and Chinese text needs no call into ICU.
bool is_always_nfc(char32_t cp) {
    return cp < 0x300 || (cp >= 0x1800 && cp <= 0x18AF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0x3000 && cp <= 0x3029) || (cp >= 0x3030 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF5E) ||
           (cp >= 0x2010 && cp <= 0x2027) || cp == 0x202F;
}

bool is_bidi_control(char32_t cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

bool is_nfc(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return true;  // cannot judge; other checks still apply
    const icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    const bool normalized = nfc->isNormalized(text, status);
    return U_FAILURE(status) || normalized;
}

// Reads the text once with nlohmann's SAX parser. With build_dom it builds the document and records issues; without,
// it only tracks pointers to find where the wanted ones start.
class Handler {
public:
    Handler(std::string_view text, const std::size_t* consumed, int max_depth, std::size_t max_issues, bool build_dom)
        : text_(text), consumed_(consumed), max_depth_(max_depth), max_issues_(max_issues), build_dom_(build_dom) {}

    // nlohmann SAX interface.
    bool null() { return value(json(nullptr), token_start_fixed(4)); }
    bool boolean(bool v) { return value(json(v), token_start_fixed(v ? 4 : 5)); }
    bool number_integer(json::number_integer_t v) { return value(json(v), number_start()); }
    bool number_unsigned(json::number_unsigned_t v) { return value(json(v), number_start()); }
    bool number_float(json::number_float_t v, const std::string& raw) {
        const std::size_t start = number_start();
        const bool integer_text = raw.find_first_of(".eE") == std::string::npos;
        if (integer_text) {
            issue(start, current_pointer(),
                  "integer " + shorten(raw) + " is too large (the limit is 9223372036854775807)",
                  "整数 " + shorten(raw) + " 太大（上限 9223372036854775807）");
            return value(json(nullptr), start);
        }
        if (!std::isfinite(v)) {
            issue(start, current_pointer(), "number " + shorten(raw) + " is out of range",
                  "数字 " + shorten(raw) + " 超出范围");
            return value(json(nullptr), start);
        }
        return value(json(v), start);
    }
    bool string(std::string& v) {
        // Positions and pointers are worked out only when needed (a problem, or a pointer being located).
        if (build_dom_) check_text(v);
        return value(json(std::move(v)), wanted.empty() ? 0 : string_start());
    }
    bool binary(json::binary_t&) { return value(json(nullptr), consumed()); }
    bool start_object(std::size_t) { return open(false); }
    bool start_array(std::size_t) { return open(true); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(std::string& k) {
        Frame& frame = frames_.back();
        frame.discard = false;
        frame.has_key = true;
        if (!build_dom_) {
            frame.key = std::move(k);  // frames may move when the stack grows, so no pointer to this copy is kept
            frame.key_name = nullptr;
            return true;
        }
        check_text(k);
        auto& members = frame.container->get_ref<json::object_t&>();
        auto [member, added] = members.emplace(std::move(k), nullptr);
        frame.key_name = &member->first;
        frame.member = &member->second;
        if (!added) {
            issue(string_start(), current_pointer(), "duplicate key \"" + shorten(member->first) + "\" (the first one is used)",
                  "重复的键 \"" + shorten(member->first) + "\"（以第一个为准）");
            frame.discard = true;
        }
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) {
        syntax_error(position, error.what());
        return false;
    }

    // Results.
    StrictJson result;
    std::unordered_map<std::string, std::size_t> wanted;  // pointer -> offset (npos until found)

private:
    struct Frame {
        json* container = nullptr;  // null when not building the document
        bool is_array = false;
        std::size_t index = 0;                // next element's index (arrays)
        bool has_key = false;                   // a member's key has been read and its value not yet finished
        const std::string* key_name = nullptr;  // that key in the document (when building it), else in key
        json* member = nullptr;                 // where the current member's value goes (objects, with the document)
        std::string key;                        // the key when no document is built
        bool discard = false;   // the current member repeats a key: its value is read but not kept
    };

    std::size_t consumed() const { return *consumed_; }

    // Start of a fixed-length literal that has just been read.
    std::size_t token_start_fixed(std::size_t length) const {
        return consumed() >= length ? consumed() - length : 0;
    }

    // Start of the number just read (the parser has also read the character after it, if any).
    std::size_t number_start() const {
        std::size_t i = std::min(consumed(), text_.size());
        if (i > 0 && !is_number_char(text_[i - 1])) --i;
        while (i > 0 && is_number_char(text_[i - 1])) --i;
        return i;
    }

    // Start (the opening quote) of the string just read; consumed() is just past its closing quote.
    std::size_t string_start() const {
        std::size_t i = std::min(consumed(), text_.size());
        if (i == 0) return 0;
        i -= 1;  // closing quote
        while (i > 0) {
            --i;
            if (text_[i] != '"') continue;
            std::size_t backslashes = 0;
            while (backslashes < i && text_[i - 1 - backslashes] == '\\') ++backslashes;
            if (backslashes % 2 == 0) return i;
        }
        return 0;
    }

    // Pointer of the value now being read (the next one in the innermost container).
    std::string current_pointer() const {
        std::string pointer;
        for (const Frame& frame : frames_) {
            if (!frame.is_array && !frame.has_key) break;  // inside an object, before its next key
            pointer += '/';
            pointer += frame.is_array ? std::to_string(frame.index)
                                      : pointer_token(frame.key_name ? *frame.key_name : frame.key);
        }
        return pointer;
    }

    void note_position(std::size_t start) {
        if (wanted.empty()) return;
        auto found = wanted.find(current_pointer());
        if (found != wanted.end() && found->second == std::string::npos) found->second = start;
    }

    // Where the next value goes: the root, a new array element, a new member, or scratch space for a repeated key.
    json* slot() {
        if (frames_.empty()) return &result.document;
        Frame& frame = frames_.back();
        if (frame.discard) return &scratch_.emplace_back();
        if (frame.is_array) {
            frame.container->push_back(nullptr);
            return &frame.container->back();
        }
        return frame.member;
    }

    void advance() {
        if (frames_.empty()) return;
        if (frames_.back().is_array) {
            ++frames_.back().index;
        } else {
            frames_.back().has_key = false;  // the member is complete
            frames_.back().key_name = nullptr;
        }
    }

    bool value(json v, std::size_t start) {
        note_position(start);
        if (build_dom_) *slot() = std::move(v);
        advance();
        return true;
    }

    bool open(bool is_array) {
        const std::size_t start = consumed() > 0 ? consumed() - 1 : 0;
        note_position(start);
        if (static_cast<int>(frames_.size()) >= max_depth_) {
            if (build_dom_) {
                issue(start, current_pointer(),
                      "nested more than " + std::to_string(max_depth_) + " levels deep; reading stopped here",
                      "嵌套超过 " + std::to_string(max_depth_) + " 层，在此停止读取");
            }
            return false;
        }
        Frame frame;
        frame.is_array = is_array;
        if (build_dom_) {
            json* target = slot();
            *target = is_array ? json::array() : json::object();
            frame.container = target;
        }
        frames_.push_back(std::move(frame));
        return true;
    }

    bool close() {
        frames_.pop_back();
        advance();
        return true;
    }

    void syntax_error(std::size_t position, const std::string& what) {
        if (!build_dom_) return;
        std::string detail = what;
        if (const std::size_t colon = detail.find(": "); colon != std::string::npos) detail.erase(0, colon + 2);
        std::string chinese = "JSON 语法错误";
        if (detail.find("UTF-8") != std::string::npos) {
            chinese = "无效的 UTF-8 编码（文件必须是 UTF-8）";
        } else if (detail.find("surrogate") != std::string::npos) {
            chinese = "无效的 \\u 转义：孤立的代理码位";
        } else if (detail.find("control character") != std::string::npos) {
            chinese = "字符串中有未转义的控制字符";
        } else if (detail.find("unexpected end of input") != std::string::npos) {
            chinese = "文件不完整（意外结束）";
        } else if (detail.find("expected end of input") != std::string::npos) {
            chinese = "文件末尾有多余的内容";
        } else if (detail.find("number overflow") != std::string::npos) {
            chinese = "数字超出范围";
        }
        const std::size_t at = position > 0 ? std::min(position - 1, text_.size()) : 0;
        issue(at, current_pointer(), "JSON syntax error: " + printable(detail), chinese);
    }

    // Checks the key or string just read.
    void check_text(std::string_view text) {
        BilingualMessage problem;
        if (find_text_problem(text, problem)) issue(string_start(), current_pointer(), problem.english, problem.chinese);
    }

    void issue(std::size_t offset, std::string pointer, std::string english, std::string chinese) {
        if (result.issues.size() >= max_issues_) {
            result.truncated = true;
            return;
        }
        result.issues.push_back({offset, std::move(pointer), std::move(english), std::move(chinese)});
    }

    static std::string shorten(std::string_view text) {
        constexpr std::size_t kMax = 40;
        if (text.size() <= kMax) return std::string(text);
        std::size_t end = kMax;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        return std::string(text.substr(0, end)) + "...";
    }

    // Bytes outside printable ASCII as \xNN, for messages that quote raw input.
    static std::string printable(std::string_view text) {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out;
        for (char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x20 || byte >= 0x7F) {
                out += "\\x";
                out += kHex[byte >> 4];
                out += kHex[byte & 0x0F];
            } else {
                out += c;
            }
        }
        return out;
    }

    std::string_view text_;
    const std::size_t* consumed_;
    int max_depth_;
    std::size_t max_issues_;
    bool build_dom_;
    std::vector<Frame> frames_;
    std::deque<json> scratch_;
};

bool run_parse(std::string_view text, Handler& handler, std::size_t& consumed) {
    CountingIterator first(text.data(), text.data(), &consumed);
    CountingIterator last(text.data() + text.size(), text.data(), &consumed);
    try {
        return json::sax_parse(first, last, &handler, json::input_format_t::json, true, false);
    } catch (const std::exception&) {
        return false;  // nlohmann reports errors through the handler; nothing else is expected here
    }
}

}  // namespace

std::string pointer_token(std::string_view key) {
    std::string token;
    token.reserve(key.size());
    for (char c : key) {
        if (c == '~') {
            token += "~0";
        } else if (c == '/') {
            token += "~1";
        } else {
            token += c;
        }
    }
    return token;
}

bool find_text_problem(std::string_view utf8, BilingualMessage& problem) {
    bool needs_icu = false;
    // Printable ASCII needs no further look: keys, URLs, hashes and ids are skipped whole, 8 bytes at a time.
    std::size_t i = skip_printable_ascii(utf8, 0);
    const auto* data = reinterpret_cast<const unsigned char*>(utf8.data());
    while (i < utf8.size()) {
        if (data[i] >= 0x20 && data[i] < 0x7F) {
            ++i;
            continue;
        }
        // Three-byte characters U+1000-1FFF and U+3000-9FFF (Mongolian, CJK: most of a feed's texts): no control,
        // bidirectional or private-use character is among them, so only NFC needs a look.
        if ((data[i] == 0xE1 || (data[i] >= 0xE3 && data[i] <= 0xE9)) && i + 2 < utf8.size()) {
            const char32_t letter = (char32_t{data[i] & 0x0Fu} << 12) | (char32_t{data[i + 1] & 0x3Fu} << 6) |
                                    char32_t{data[i + 2] & 0x3Fu};
            i += 3;
            if (!is_always_nfc(letter)) needs_icu = true;
            continue;
        }
        // The parser has already refused ill-formed UTF-8, so the lead byte gives the length.
        const unsigned char lead = data[i];
        char32_t cp = lead;
        std::size_t length = 1;
        if (lead >= 0xF0) {
            length = 4;
            cp = lead & 0x07;
        } else if (lead >= 0xE0) {
            length = 3;
            cp = lead & 0x0F;
        } else if (lead >= 0xC0) {
            length = 2;
            cp = lead & 0x1F;
        }
        if (i + length > utf8.size()) {
            problem = {"invalid UTF-8", "无效的 UTF-8 编码"};
            return true;
        }
        for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (data[i + k] & 0x3F);
        i += length;
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            problem = {"control character " + hex_code_point(cp) + " is not allowed",
                       "不允许控制字符 " + hex_code_point(cp)};
            return true;
        }
        if (is_bidi_control(cp)) {
            problem = {"bidirectional control character " + hex_code_point(cp) + " is not allowed",
                       "不允许双向文字控制字符 " + hex_code_point(cp)};
            return true;
        }
        if (cp >= 0xE000 && is_private_use(cp)) {
            problem = {"private-use character " + hex_code_point(cp) +
                           ": Menksoft/Delehi Mongolian codes are not Unicode; convert the text to Unicode Mongolian",
                       "私用区字符 " + hex_code_point(cp) + "：这是蒙科立等非标准蒙古文编码，请转换为 Unicode 蒙古文"};
            return true;
        }
        if (!is_always_nfc(cp)) needs_icu = true;
    }
    if (needs_icu && !is_nfc(utf8)) {
        problem = {"text is not in Unicode normalization form C (NFC); save it normalized",
                   "文字未使用 Unicode 规范化形式 C（NFC），请规范化后保存"};
        return true;
    }
    return false;
}

StrictJson parse_strict_json(std::string_view text, int max_depth, std::size_t max_issues) {
    std::size_t consumed = 0;
    Handler handler(text, &consumed, max_depth, max_issues, true);
    handler.result.complete = run_parse(text, handler, consumed);
    return std::move(handler.result);
}

std::vector<std::size_t> locate_pointers(std::string_view text, const std::vector<std::string>& pointers) {
    std::size_t consumed = 0;
    Handler handler(text, &consumed, 1 << 20, 0, false);
    // Every ancestor too, so that a missing member can be placed at its object.
    for (const std::string& pointer : pointers) {
        std::string prefix = pointer;
        while (true) {
            handler.wanted.emplace(prefix, std::string::npos);
            if (prefix.empty()) break;
            prefix.erase(prefix.rfind('/'));
        }
    }
    (void)run_parse(text, handler, consumed);
    std::vector<std::size_t> offsets;
    offsets.reserve(pointers.size());
    for (const std::string& pointer : pointers) {
        std::string prefix = pointer;
        std::size_t offset = 0;
        while (true) {
            auto found = handler.wanted.find(prefix);
            if (found != handler.wanted.end() && found->second != std::string::npos) {
                offset = found->second;
                break;
            }
            if (prefix.empty()) break;
            prefix.erase(prefix.rfind('/'));
        }
        offsets.push_back(offset);
    }
    return offsets;
}

std::vector<TextPosition> text_positions(std::string_view text, const std::vector<std::size_t>& offsets) {
    std::vector<std::size_t> order(offsets.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return offsets[a] < offsets[b]; });
    std::vector<TextPosition> positions(offsets.size());
    TextPosition at;
    std::size_t byte = 0;
    for (std::size_t index : order) {
        const std::size_t target = std::min(offsets[index], text.size());
        for (; byte < target; ++byte) {
            const auto c = static_cast<unsigned char>(text[byte]);
            if (c == '\n') {
                ++at.line;
                at.column = 1;
            } else if ((c & 0xC0) != 0x80) {
                ++at.column;
            }
        }
        positions[index] = at;
    }
    return positions;
}

}  // namespace fl::feed
