// WebVTT and SRT parsing: line splitting, UTF-8 repair, timestamps, markup stripping, caps, and cue lookup by time.
#include "media/subtitles.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>
#include <system_error>

#include "core/utf8.h"

#include "core/files.h"

namespace fl::media {
namespace {

enum class Format : uint8_t { WebVtt, Srt };

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr size_t kQuoteLimit = 60;                         // bytes of a bad line quoted in a message

// ---------------------------------------------------------------------------------------------------------------
// UTF-8

uint8_t byte_at(std::string_view text, size_t i) { return static_cast<uint8_t>(text[i]); }

// The text with ill-formed sequences and NUL bytes replaced by U+FFFD; `invalid` counts the ill-formed ones.
std::string repair_text(std::string_view text, size_t& invalid) {
    std::string out = repair_utf8(text, invalid);
    for (size_t at = out.find('\0'); at != std::string::npos; at = out.find('\0', at)) out.replace(at, 1, kReplacement);
    return out;
}

size_t count_private_use(std::string_view text) {
    size_t count = 0;
    for (const char32_t cp : decode_utf8(text).code_points) count += is_private_use(cp) ? 1 : 0;
    return count;
}

// The longest prefix of at most `limit` bytes that ends on a character boundary.
size_t utf8_cut(std::string_view text, size_t limit) {
    if (text.size() <= limit) return text.size();
    size_t cut = limit;
    while (cut > 0 && (byte_at(text, cut) & 0xC0) == 0x80) --cut;
    return cut;
}

// ---------------------------------------------------------------------------------------------------------------
// Lines and small string helpers

struct Line {
    std::string_view text;  // raw bytes, without the line break
    size_t number = 0;      // 1-based, as an editor shows it
};

// Hands out lines one at a time (LF, CRLF and lone CR all end one), so no file makes a big table of lines.
class LineReader {
public:
    explicit LineReader(std::string_view text) : text_(text) {}

    bool next(Line& line) {
        if (position_ >= text_.size()) return false;
        size_t end = position_;
        while (end < text_.size() && text_[end] != '\n' && text_[end] != '\r') ++end;
        line.text = text_.substr(position_, end - position_);
        line.number = ++number_;
        if (end < text_.size() && text_[end] == '\r' && end + 1 < text_.size() && text_[end + 1] == '\n') ++end;
        position_ = end + 1;
        return true;
    }

private:
    std::string_view text_;
    size_t position_ = 0;
    size_t number_ = 0;
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\f';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool is_blank(std::string_view s) {
    return trim(s).empty();
}

bool has_arrow(std::string_view s) {
    return s.find("-->") != std::string_view::npos;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "WORD" alone or followed by a space or tab: the start of a WebVTT header, NOTE, STYLE or REGION block.
bool starts_with_keyword(std::string_view line, std::string_view word) {
    if (line.substr(0, word.size()) != word) return false;
    return line.size() == word.size() || line[word.size()] == ' ' || line[word.size()] == '\t';
}

std::string quote(std::string_view s) {
    const size_t cut = utf8_cut(s, kQuoteLimit);
    std::string out = "'";
    out.append(s.substr(0, cut));
    if (cut < s.size()) out += "...";
    out += "'";
    return out;
}

std::string format_time(double seconds) {
    const auto ms = static_cast<long long>(std::llround(seconds * 1000.0));
    const long long h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, t = ms % 1000;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld.%03lld", h, m, s, t);
    return buffer;
}

// ---------------------------------------------------------------------------------------------------------------
// Timestamps

struct TimeParse {
    std::optional<double> seconds;
    std::string problem;  // why not, when seconds is empty
};

// Reads all-digit text into a value, saturating far above any limit used here.
uint64_t digits_value(std::string_view s) {
    uint64_t value = 0;
    for (char c : s) value = std::min<uint64_t>(value * 10 + static_cast<uint64_t>(c - '0'), 1000000000ULL);
    return value;
}

// WebVTT: [h+:]mm:ss.ttt (hours optional; one hour digit is tolerated). SRT: h+:mm:ss,ttt (a dot is tolerated).
TimeParse parse_timestamp(std::string_view token, Format format) {
    const std::string shape = format == Format::WebVtt ? "mm:ss.ttt or hh:mm:ss.ttt" : "hh:mm:ss,ttt";
    TimeParse result;
    auto fail = [&](const std::string& why) {
        result.problem = "timestamp " + quote(token) + " " + why;
        return result;
    };
    const std::string bad_shape = "is not " + shape;
    if (token.empty()) return fail(bad_shape);

    const size_t fraction_mark = token.find_last_of(".,");
    if (fraction_mark == std::string_view::npos) return fail(bad_shape);
    if (format == Format::WebVtt && token[fraction_mark] == ',') {
        return fail(bad_shape + " (WebVTT needs a dot before the milliseconds, not a comma)");
    }
    const std::string_view millis = token.substr(fraction_mark + 1);
    std::string_view clock = token.substr(0, fraction_mark);

    std::vector<std::string_view> parts;
    while (parts.size() <= 3) {  // a fourth part already makes it wrong
        const size_t colon = clock.find(':');
        parts.push_back(clock.substr(0, colon));
        if (colon == std::string_view::npos) break;
        clock.remove_prefix(colon + 1);
    }
    const size_t fewest_parts = format == Format::WebVtt ? 2 : 3;
    if (parts.size() < fewest_parts || parts.size() > 3) return fail(bad_shape);
    const std::string_view seconds = parts[parts.size() - 1];
    const std::string_view minutes = parts[parts.size() - 2];
    const std::string_view hours = parts.size() == 3 ? parts[0] : std::string_view{};
    if (parts.size() == 3 && !all_digits(hours)) return fail(bad_shape);
    if (!all_digits(minutes) || minutes.size() != 2 || !all_digits(seconds) || seconds.size() != 2 ||
        !all_digits(millis) || millis.size() != 3) {
        return fail(bad_shape);
    }
    const uint64_t h = parts.size() == 3 ? digits_value(hours) : 0;
    const uint64_t m = digits_value(minutes), s = digits_value(seconds), t = digits_value(millis);
    if (m > 59 || s > 59) return fail("has minutes or seconds above 59");
    const double value = static_cast<double>(h) * 3600.0 + static_cast<double>(m) * 60.0 + static_cast<double>(s) +
                         static_cast<double>(t) / 1000.0;
    if (value >= kMaxSubtitleTimeS) return fail("is 100 hours or more; subtitle times must be below 100:00:00.000");
    result.seconds = value;
    return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Cue text: tags out, entities decoded

std::optional<std::string_view> named_entity(std::string_view name) {
    if (name == "amp") return "&";
    if (name == "lt") return "<";
    if (name == "gt") return ">";
    if (name == "quot") return "\"";
    if (name == "apos") return "'";
    if (name == "nbsp") return "\xC2\xA0";     // U+00A0
    if (name == "lrm") return "\xE2\x80\x8E";  // U+200E
    if (name == "rlm") return "\xE2\x80\x8F";  // U+200F
    return std::nullopt;
}

// Decodes the entity at text[at] == '&' into out; returns the bytes consumed, or 0 if it is not one.
size_t decode_entity(std::string_view text, size_t at, std::string& out) {
    constexpr size_t kLongestEntity = 12;  // "&#x10FFFF;" and the names above fit; a lone '&' costs no long search
    const size_t found = text.substr(at + 1, kLongestEntity).find(';');
    if (found == std::string_view::npos) return 0;
    const size_t semicolon = at + 1 + found;
    const std::string_view name = text.substr(at + 1, semicolon - at - 1);
    if (auto named = named_entity(name)) {
        out.append(*named);
        return semicolon - at + 1;
    }
    if (name.size() >= 2 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        const std::string_view number = name.substr(hex ? 2 : 1);
        if (number.empty() || number.size() > 8) return 0;
        char32_t cp = 0;
        for (char c : number) {
            int digit = -1;
            if (c >= '0' && c <= '9')
                digit = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                digit = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F')
                digit = c - 'A' + 10;
            if (digit < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(digit);
        }
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        append_utf8(out, cp);
        return semicolon - at + 1;
    }
    return 0;
}

// The tag's name: "<v Name>" -> "v", "</c.x>" -> "c", "<00:00:01.000>" -> "00:00:01.000".
std::string_view tag_name(std::string_view tag) {
    if (!tag.empty() && tag.front() == '/') tag.remove_prefix(1);
    size_t end = 0;
    while (end < tag.size() && !is_space(tag[end]) && tag[end] != '.') ++end;
    return tag.substr(0, end);
}

// Removes markup (<b>, <i>, <u>, <c.x>, <v Name>, <lang>, <ruby>, timestamps, SRT's <font>; ruby annotations <rt>
// and <rp> with their content) and SRT/ASS override blocks like {\an8}; decodes entities. A '<' with no '>' on its
// line stays as text. Stops once the result passes `limit` bytes (it will be cut anyway); linear in any input.
std::string clean_cue_text(std::string_view text, size_t limit) {
    std::string out;
    out.reserve(std::min(text.size(), limit + 8));
    int hidden = 0;                 // inside <rt> or <rp>: annotation text is not shown
    size_t no_tag_end_before = 0;   // a '<' before here has no '>' on its line (found once, not searched again)
    size_t no_code_end_before = 0;  // the same for '{\' and '}'
    size_t i = 0;
    while (i < text.size() && out.size() <= limit) {
        const char c = text[i];
        if (c == '<' && i >= no_tag_end_before) {
            const size_t close = text.find_first_of(">\n", i + 1);
            if (close != std::string_view::npos && text[close] == '>') {
                const std::string_view tag = text.substr(i + 1, close - i - 1);
                const std::string_view name = tag_name(tag);
                if (name == "rt" || name == "rp") hidden = std::max(0, hidden + (tag.front() == '/' ? -1 : 1));
                i = close + 1;
                continue;
            }
            no_tag_end_before = close == std::string_view::npos ? text.size() : close;
        } else if (c == '{' && i + 1 < text.size() && text[i + 1] == '\\' && i >= no_code_end_before) {
            const size_t close = text.find_first_of("}\n", i + 2);
            if (close != std::string_view::npos && text[close] == '}') {
                i = close + 1;
                continue;
            }
            no_code_end_before = close == std::string_view::npos ? text.size() : close;
        }
        if (hidden > 0 && c != '\n') {
            ++i;
            continue;
        }
        if (c == '&') {
            const size_t used = decode_entity(text, i, out);
            if (used > 0) {
                i += used;
                continue;
            }
        }
        out.push_back(c);
        ++i;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The parser

class Parser {
public:
    Parser(std::string_view source, Format format) : source_(source), format_(format) {}

    Result<SubtitleTrack> run(std::string_view raw) {
        if (raw.size() > kMaxSubtitleFileBytes) {
            return Error{std::string(source_) + ": file is " + std::to_string(raw.size()) +
                         " bytes; a subtitle file may be at most 4 MiB (" + std::to_string(kMaxSubtitleFileBytes) +
                         " bytes). Check that this is a subtitle file, or split it."};
        }
        std::string_view body = raw;
        if (body.substr(0, kBom.size()) == kBom) body.remove_prefix(kBom.size());

        LineReader reader(body);
        Line raw_line;
        std::string repaired;
        size_t first_invalid_line = 0;
        bool needs_header = format_ == Format::WebVtt;
        const Error no_header{std::string(source_) + ":1: not a WebVTT file (first line must be WEBVTT)"};
        state_ = needs_header ? State::Header : State::Between;
        while (reader.next(raw_line)) {
            const size_t invalid_before = track_.invalid_utf8_sequences;
            repaired = repair_text(raw_line.text, track_.invalid_utf8_sequences);
            if (invalid_before == 0 && track_.invalid_utf8_sequences > 0) first_invalid_line = raw_line.number;
            const Line line{repaired, raw_line.number};
            if (needs_header) {
                if (!starts_with_keyword(line.text, "WEBVTT")) return no_header;
                needs_header = false;
                continue;
            }
            if (auto error = feed(line)) return Error{*error};
        }
        if (needs_header) return no_header;
        end_block();

        if (track_.invalid_utf8_sequences > 0) {
            // First in the list, where it cannot be crowded out by cue problems.
            track_.problems.insert(track_.problems.begin(),
                                   where(first_invalid_line) + std::to_string(track_.invalid_utf8_sequences) +
                                       " byte sequence(s) are not UTF-8 and show as the replacement character (the "
                                       "first on this line); save the file as UTF-8");
            if (track_.problems.size() > kMaxRecordedProblems) track_.problems.pop_back();
        }
        if (format_ == Format::Srt && track_.cues.empty() && track_.skipped_cues > 0) {
            return Error{std::string(source_) +
                         ": no subtitle cue could be read; the first problem: " + track_.problems.front()};
        }
        track_.index();
        return std::move(track_);
    }

private:
    // Where the reader is: the WebVTT header, between blocks, after a block's first line (identifier or junk),
    // in a cue (its text follows), or in a block to ignore (NOTE, STYLE, REGION, junk).
    enum class State : uint8_t { Header, Between, Pending, Cue, SkipBlock };

    std::string where(size_t line) const { return std::string(source_) + ":" + std::to_string(line) + ": "; }

    void note(size_t line, const std::string& message) {
        if (track_.problems.size() < kMaxRecordedProblems) track_.problems.push_back(where(line) + message);
    }

    void skip(size_t line, const std::string& message) {
        ++track_.skipped_cues;
        note(line, message + "; cue skipped");
    }

    // One line after the first; an error only for the cue cap.
    std::optional<std::string> feed(const Line& line) {
        if (is_blank(line.text)) {
            end_block();
            return std::nullopt;
        }
        switch (state_) {
            case State::Header:
                // Header metadata (Kind:, Language:, X-TIMESTAMP-MAP=...) is ignored; a timing line here means the
                // blank line after the header was forgotten.
                if (has_arrow(line.text)) return start_cue(line);
                return std::nullopt;
            case State::SkipBlock:
                return std::nullopt;
            case State::Between:
                if (format_ == Format::WebVtt &&
                    (starts_with_keyword(line.text, "NOTE") || starts_with_keyword(line.text, "STYLE") ||
                     starts_with_keyword(line.text, "REGION"))) {
                    state_ = State::SkipBlock;
                    return std::nullopt;
                }
                if (has_arrow(line.text)) return start_cue(line);
                pending_line_ = line.number;
                pending_quote_ = quote(trim(line.text));
                state_ = State::Pending;
                return std::nullopt;
            case State::Pending:
                if (has_arrow(line.text)) return start_cue(line);  // the line before was the cue's identifier
                skip_pending();
                state_ = State::SkipBlock;
                return std::nullopt;
            case State::Cue: {
                if (has_arrow(line.text)) {
                    // A blank line is missing before the next cue; a number held back was that cue's identifier.
                    held_digits_.reset();
                    finish_cue();
                    return start_cue(line);
                }
                if (held_digits_) {
                    append_text(*held_digits_);
                    held_digits_.reset();
                }
                const std::string_view text = trim(line.text);
                if (all_digits(text)) {
                    held_digits_ = std::string(text);
                } else {
                    append_text(text);
                }
                return std::nullopt;
            }
        }
        return std::nullopt;
    }

    // A blank line or the end of the file.
    void end_block() {
        if (state_ == State::Pending) skip_pending();
        if (state_ == State::Cue) {
            if (held_digits_) append_text(*held_digits_);
            held_digits_.reset();
            finish_cue();
        }
        state_ = State::Between;
    }

    void skip_pending() {
        skip(pending_line_, "expected a cue timing line like '00:00:01.000 --> 00:00:04.000', found " + pending_quote_);
    }

    std::optional<std::string> start_cue(const Line& line) {
        state_ = State::Cue;
        cue_valid_ = false;
        cue_text_.clear();
        cue_lines_ = 0;
        cue_line_ = line.number;

        const size_t arrow = line.text.find("-->");
        const std::string_view start_token = trim(line.text.substr(0, arrow));
        const std::string_view rest = trim(line.text.substr(arrow + 3));
        size_t token_end = 0;
        while (token_end < rest.size() && !is_space(rest[token_end])) ++token_end;
        const std::string_view end_token = rest.substr(0, token_end);  // cue settings after it are ignored

        if (start_token.empty()) {
            skip(line.number, "cue timing line has no start time before '-->'");
            return std::nullopt;
        }
        if (end_token.empty()) {
            skip(line.number, "cue timing line has no end time after '-->'");
            return std::nullopt;
        }
        const TimeParse start = parse_timestamp(start_token, format_);
        if (!start.seconds) {
            skip(line.number, start.problem);
            return std::nullopt;
        }
        const TimeParse finish = parse_timestamp(end_token, format_);
        if (!finish.seconds) {
            skip(line.number, finish.problem);
            return std::nullopt;
        }
        if (*finish.seconds < *start.seconds) {
            skip(line.number, "cue ends (" + format_time(*finish.seconds) + ") before it starts (" +
                                  format_time(*start.seconds) + ")");
            return std::nullopt;
        }
        if (track_.cues.size() >= kMaxCues) {
            return where(line.number) + "more than " + std::to_string(kMaxCues) +
                   " cues; a programme needs far fewer, so check how the file was made";
        }
        cue_valid_ = true;
        cue_start_ = *start.seconds;
        cue_end_ = *finish.seconds;
        return std::nullopt;
    }

    void append_text(std::string_view text) {
        if (!cue_valid_) return;  // the text of a skipped cue
        if (cue_lines_++ > 0) cue_text_.push_back('\n');
        cue_text_.append(text);
    }

    void finish_cue() {
        if (!cue_valid_) return;
        cue_valid_ = false;
        Cue cue;
        cue.start_s = cue_start_;
        cue.end_s = cue_end_;
        cue.text = clean_cue_text(cue_text_, kMaxCueTextBytes);
        if (cue.text.size() > kMaxCueTextBytes) {
            cue.text.resize(utf8_cut(cue.text, kMaxCueTextBytes));
            ++track_.truncated_cues;
            note(cue_line_, "cue text is longer than " + std::to_string(kMaxCueTextBytes) +
                                " bytes and was cut; split it into shorter cues");
        }
        track_.private_use_characters += count_private_use(cue.text);
        track_.cues.push_back(std::move(cue));
    }

    std::string_view source_;
    Format format_;
    SubtitleTrack track_;
    State state_ = State::Between;
    size_t pending_line_ = 0;
    std::string pending_quote_;
    bool cue_valid_ = false;
    double cue_start_ = 0.0;
    double cue_end_ = 0.0;
    size_t cue_line_ = 0;
    size_t cue_lines_ = 0;
    std::string cue_text_;
    std::optional<std::string> held_digits_;  // a number line in a cue's text: the next cue's identifier?
};

bool looks_like_webvtt(std::string_view text) {
    if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
    return text.substr(0, 6) == "WEBVTT";
}

}  // namespace

void SubtitleTrack::index() {
    std::stable_sort(cues.begin(), cues.end(), [](const Cue& a, const Cue& b) { return a.start_s < b.start_s; });
    latest_end_.resize(cues.size());
    double latest = -std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < cues.size(); ++i) {
        latest = std::max(latest, cues[i].end_s);
        latest_end_[i] = latest;
    }
}

std::vector<const Cue*> SubtitleTrack::active_at(double t) const {
    std::vector<const Cue*> active;
    if (std::isnan(t)) return active;
    if (latest_end_.size() != cues.size()) {
        // Not indexed since the cues changed: a plain scan is still correct.
        for (const Cue& cue : cues) {
            if (cue.start_s <= t && t < cue.end_s) active.push_back(&cue);
        }
        std::stable_sort(active.begin(), active.end(),
                         [](const Cue* a, const Cue* b) { return a->start_s < b->start_s; });
        return active;
    }
    // Cues [0, started) have begun by t; of those, the ones before `first` all ended by t.
    const auto started = static_cast<size_t>(
        std::upper_bound(cues.begin(), cues.end(), t, [](double time, const Cue& cue) { return time < cue.start_s; }) -
        cues.begin());
    const auto first = static_cast<size_t>(
        std::upper_bound(latest_end_.begin(), latest_end_.begin() + static_cast<std::ptrdiff_t>(started), t) -
        latest_end_.begin());
    for (size_t i = first; i < started; ++i) {
        if (t < cues[i].end_s) active.push_back(&cues[i]);
    }
    return active;
}

Result<SubtitleTrack> parse_webvtt(std::string_view text, std::string_view source_name) {
    return Parser(source_name, Format::WebVtt).run(text);
}

Result<SubtitleTrack> parse_srt(std::string_view text, std::string_view source_name) {
    return Parser(source_name, Format::Srt).run(text);
}

std::string plain_cue_text(std::string_view text) {
    size_t invalid = 0;
    const std::string repaired = repair_text(text.substr(0, 4 * kMaxCueTextBytes), invalid);
    std::string out = clean_cue_text(repaired, kMaxCueTextBytes);
    out.resize(utf8_cut(out, kMaxCueTextBytes));
    return out;
}

Result<SubtitleTrack> load_subtitles(const std::string& path) {
    const std::filesystem::path file(path);
    const std::string name = file.filename().string();
    std::error_code code;
    const auto size = std::filesystem::file_size(file, code);
    if (!code && size > kMaxSubtitleFileBytes) {
        return Error{name + ": file is " + std::to_string(size) + " bytes; a subtitle file may be at most 4 MiB (" +
                     std::to_string(kMaxSubtitleFileBytes) +
                     " bytes). Check that this is a subtitle file, or split it."};
    }
    auto content = read_file(path);
    if (!content) return content.error();
    const std::string& text = content.value();
    // A .vtt file without the WEBVTT line has a broken header: say so rather than trying it as SRT.
    if (looks_like_webvtt(text) || file.extension() == ".vtt") return parse_webvtt(text, name);
    return parse_srt(text, name);
}

}  // namespace fl::media
