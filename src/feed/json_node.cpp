// Names of JSON value kinds for messages, in English and Chinese.
#include "feed/json_node.h"

namespace fl::feed {

std::string_view json_kind_name(JsonKind kind) {
    switch (kind) {
        case JsonKind::object: return "object";
        case JsonKind::array: return "array";
        case JsonKind::string: return "string";
        case JsonKind::boolean: return "boolean";
        case JsonKind::null: return "null";
        default: return "number";
    }
}

std::string_view json_kind_chinese(JsonKind kind) {
    switch (kind) {
        case JsonKind::object: return "对象";
        case JsonKind::array: return "数组";
        case JsonKind::string: return "字符串";
        case JsonKind::boolean: return "布尔值";
        case JsonKind::null: return "null";
        case JsonKind::floating: return "小数";
        default: return "数字";
    }
}

}  // namespace fl::feed
