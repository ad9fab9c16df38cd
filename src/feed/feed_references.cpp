// References in a feed: scheme and host rules for absolute URLs, safe plain paths for relative ones, resolution.
#include "feed/feed_references.h"

#include <algorithm>
#include <array>

namespace fl::feed {
namespace {

constexpr std::size_t kMaxReferenceBytes = 2048;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// Length of a leading "scheme:" (RFC 3986), or 0.
std::size_t scheme_length(std::string_view text) {
    if (text.empty() || !is_alpha(text[0])) return 0;
    for (std::size_t i = 1; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ':') return i;
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return 0;
    }
    return 0;
}

BilingualMessage message(std::string english, std::string chinese) { return {std::move(english), std::move(chinese)}; }

bool is_plain_path_char(char c) {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

bool check_relative(std::string_view path, BilingualMessage& problem) {
    if (path.front() == '/') {
        problem = message("a relative reference must not start with '/'; write it relative to the feed",
                          "相对地址不能以 '/' 开头，请写成相对于目录文件的地址");
        return false;
    }
    for (char c : path) {
        if (!is_plain_path_char(c)) {
            problem = message("a relative reference may contain only letters, digits and - . _ ~ /",
                              "相对地址只能包含字母、数字和 - . _ ~ /");
            return false;
        }
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = path.find('/', start);
        const std::string_view segment = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        if (segment == "..") {
            problem = message("\"..\" would leave the feed's folder", "\"..\" 会离开目录文件所在的文件夹");
            return false;
        }
        if (segment.empty() || segment == ".") {
            problem = message("empty or \".\" path segment", "路径中有空的或 \".\" 段");
            return false;
        }
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return true;
}

}  // namespace

bool is_url_base(std::string_view base) { return base.find("://") != std::string_view::npos; }

bool check_absolute_url(std::string_view url, const ReferencePolicy& policy, BilingualMessage& problem) {
    const std::size_t colon = scheme_length(url);
    if (colon == 0) {
        problem = message("not an absolute URL", "不是完整的网址");
        return false;
    }
    const std::string scheme = lower(url.substr(0, colon));
    if (scheme != "https" && scheme != "http") {
        problem = message("the \"" + scheme + ":\" scheme is not allowed; only https:// addresses",
                          "不允许 \"" + scheme + ":\" 地址，只允许 https:// 地址");
        return false;
    }
    static constexpr auto kUnsafe = [] {
        std::array<bool, 256> unsafe{};
        for (int byte = 0; byte < 256; ++byte) unsafe[static_cast<std::size_t>(byte)] = byte <= 0x20 || byte >= 0x7F;
        for (unsigned char c : std::string_view("\"<>\\^`{|}")) unsafe[c] = true;
        return unsafe;
    }();
    for (char c : url) {
        if (kUnsafe[static_cast<unsigned char>(c)]) {
            problem = message("the address contains a space, a non-ASCII or another unsafe character; percent-encode it",
                              "网址中有空格、非 ASCII 字符或其他不安全字符，请使用百分号编码");
            return false;
        }
        if (c == '#') {
            problem = message("the address must not contain a fragment ('#')", "网址中不能有 '#'");
            return false;
        }
    }
    const std::string_view rest = url.substr(colon + 1);
    if (!rest.starts_with("//")) {
        problem = message("the address must start with https://", "网址必须以 https:// 开头");
        return false;
    }
    const std::string_view after = rest.substr(2);
    const std::size_t authority_end = std::min(after.find('/'), after.find('?'));
    const std::string_view authority = after.substr(0, authority_end);
    if (authority.find('@') != std::string_view::npos) {
        problem = message("the address must not contain a user name or password ('@')", "网址中不能包含用户名或密码（'@'）");
        return false;
    }
    std::string_view host = authority;
    if (const std::size_t port_colon = authority.rfind(':'); port_colon != std::string_view::npos) {
        host = authority.substr(0, port_colon);
        const std::string_view port = authority.substr(port_colon + 1);
        bool port_ok = !port.empty() && port.size() <= 5 && std::all_of(port.begin(), port.end(), is_digit);
        if (port_ok) {
            int number = 0;
            for (char c : port) number = number * 10 + (c - '0');
            port_ok = number >= 1 && number <= 65535;
        }
        if (!port_ok) {
            problem = message("invalid port in the address", "网址中的端口号无效");
            return false;
        }
    }
    const std::string host_name = lower(host);
    if (host_name.empty() || !std::all_of(host_name.begin(), host_name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '.';
        })) {
        problem = message("invalid host name in the address", "网址中的主机名无效");
        return false;
    }
    if (scheme == "http") {
        if (policy.allow_loopback_http && host_name == "127.0.0.1") return true;
        problem = message("plain http:// is not allowed; use https://", "不允许 http:// 地址，请使用 https://");
        return false;
    }
    if (policy.any_https_host) return true;
    if (std::find(policy.allowed_hosts.begin(), policy.allowed_hosts.end(), host_name) == policy.allowed_hosts.end()) {
        problem = message("host \"" + host_name + "\" is not on the list of allowed servers",
                          "服务器 \"" + host_name + "\" 不在允许的服务器列表中");
        return false;
    }
    return true;
}

bool resolve_reference(std::string_view reference, const ReferencePolicy& policy, ResolvedReference& resolved,
                       BilingualMessage& problem) {
    if (reference.empty()) {
        problem = message("empty address", "地址为空");
        return false;
    }
    if (reference.size() > kMaxReferenceBytes) {
        problem = message("address longer than " + std::to_string(kMaxReferenceBytes) + " bytes",
                          "地址超过 " + std::to_string(kMaxReferenceBytes) + " 字节");
        return false;
    }
    if (reference.starts_with("//")) {
        problem = message("an address must start with https:// (not //)", "网址必须以 https:// 开头（不能以 // 开头）");
        return false;
    }
    if (scheme_length(reference) > 0) {
        if (!check_absolute_url(reference, policy, problem)) return false;
        resolved = {std::string(reference), true};
        return true;
    }
    if (!check_relative(reference, problem)) return false;
    if (is_url_base(policy.base)) {
        std::string_view base = policy.base;
        base = base.substr(0, std::min(base.find('?'), base.find('#')));
        const std::size_t authority_start = base.find("://") + 3;
        const std::size_t last_slash = base.rfind('/');
        std::string location = last_slash != std::string_view::npos && last_slash >= authority_start
                                   ? std::string(base.substr(0, last_slash + 1))
                                   : std::string(base) + "/";
        location += reference;
        if (!check_absolute_url(location, policy, problem)) return false;
        resolved = {std::move(location), true};
        return true;
    }
    std::string location = policy.base;
    if (!location.empty() && location.back() != '/') location += '/';
    location += reference;
    resolved = {std::move(location), false};
    return true;
}

}  // namespace fl::feed
