// ICU's line break iterator over UTF-16, mapped back to code point positions, then the mlreq exceptions.
#include "text/line_breaker.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <memory>

#include "text/unicode_props.h"

namespace fl::text {
namespace {

struct BreakIteratorCloser {
    void operator()(UBreakIterator* it) const { ubrk_close(it); }
};

// Opening an ICU break iterator loads rules; keep one per thread and only swap its text.
UBreakIterator* line_iterator() {
    thread_local std::unique_ptr<UBreakIterator, BreakIteratorCloser> iterator = [] {
        UErrorCode status = U_ZERO_ERROR;
        UBreakIterator* it = ubrk_open(UBRK_LINE, "mn", nullptr, 0, &status);
        return std::unique_ptr<UBreakIterator, BreakIteratorCloser>(U_SUCCESS(status) ? it : nullptr);
    }();
    return iterator.get();
}

bool is_word_glue(char32_t cp) {
    // NNBSP, MVS, FVS, nirugu, ZWJ/ZWNJ: a suffix or variant always stays with its word.
    return script_class(cp) == ScriptClass::MongolianControl;
}

}  // namespace

std::vector<BreakKind> find_line_breaks(const std::vector<char32_t>& text) {
    const size_t n = text.size();
    std::vector<BreakKind> breaks(n + 1, BreakKind::None);
    breaks[n] = BreakKind::Mandatory;
    if (n == 0) return breaks;

    std::vector<UChar> utf16;
    std::vector<uint32_t> code_point_at;  // UTF-16 index -> code point index
    utf16.reserve(n + 8);
    code_point_at.reserve(n + 8);
    for (size_t i = 0; i < n; ++i) {
        const char32_t cp = text[i];
        if (cp >= 0x10000) {
            utf16.push_back(static_cast<UChar>(0xD800 + ((cp - 0x10000) >> 10)));
            utf16.push_back(static_cast<UChar>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
            code_point_at.push_back(static_cast<uint32_t>(i));
        } else {
            utf16.push_back(static_cast<UChar>(cp));
        }
        code_point_at.push_back(static_cast<uint32_t>(i));
    }
    code_point_at.push_back(static_cast<uint32_t>(n));

    UBreakIterator* it = line_iterator();
    UErrorCode status = U_ZERO_ERROR;
    if (it != nullptr) ubrk_setText(it, utf16.data(), static_cast<int32_t>(utf16.size()), &status);
    if (it != nullptr && U_SUCCESS(status)) {
        for (int32_t pos = ubrk_following(it, 0); pos != UBRK_DONE; pos = ubrk_next(it)) {
            const uint32_t at = code_point_at[static_cast<size_t>(pos)];
            if (at == 0 || at >= n) continue;
            breaks[at] = ubrk_getRuleStatus(it) >= UBRK_LINE_HARD ? BreakKind::Mandatory : BreakKind::Allowed;
        }
    } else {
        // Without ICU data, fall back to breaking after spaces and line separators.
        for (size_t i = 1; i < n; ++i) {
            if (is_line_separator(text[i - 1])) breaks[i] = BreakKind::Mandatory;
            else if (text[i - 1] == ' ') breaks[i] = BreakKind::Allowed;
        }
    }

    for (size_t i = 1; i < n; ++i) {
        if (breaks[i] != BreakKind::Allowed) continue;
        if (forbids_line_start(text[i]) || forbids_line_end(text[i - 1]) || is_word_glue(text[i]) ||
            is_word_glue(text[i - 1])) {
            breaks[i] = BreakKind::None;
        }
    }
    return breaks;
}

}  // namespace fl::text
