// Font loading: file bytes shared by FreeType and HarfBuzz, metrics from OS/2, fallback chain from the manifest.
#include "text/font.h"

#include "core/files.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <hb-ot.h>
#include <hb.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#ifndef FL_FONT_DIR
#define FL_FONT_DIR "fonts"
#endif

namespace fl::text {
namespace {

std::atomic<uint64_t> next_font_set_id{1};

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

FontRole infer_role(const Font& font) {
    if (font.covers(0x1820)) return FontRole::Mongolian;  // MONGOLIAN LETTER A
    if (font.covers(0x6CD5)) return FontRole::Han;        // 法
    return FontRole::Latin;
}

Result<FontRole> parse_role(const std::string& word, const std::string& where) {
    if (word == "mongolian") return FontRole::Mongolian;
    if (word == "han") return FontRole::Han;
    if (word == "latin") return FontRole::Latin;
    return Error{where + ": unknown font role '" + word + "' (expected mongolian, han or latin)"};
}

}  // namespace

Result<std::unique_ptr<Font>> Font::open(FT_Library library, const std::string& path) {
    auto bytes = fl::read_file(path);
    if (!bytes) return Error{"font file " + path + ": " + bytes.error().message};
    if (bytes.value().empty()) return Error{"font file " + path + ": file is empty"};
    std::unique_ptr<Font> font(new Font());
    font->path_ = path;
    font->file_name_ = base_name(path);
    font->bytes_ = std::move(bytes).value();

    const FT_Error ft_error = FT_New_Memory_Face(library, reinterpret_cast<const FT_Byte*>(font->bytes_.data()),
                                                 static_cast<FT_Long>(font->bytes_.size()), 0, &font->ft_face_);
    if (ft_error != 0) {
        font->ft_face_ = nullptr;
        return Error{"font file " + path + ": not a font FreeType can read (error " + std::to_string(ft_error) + ")"};
    }
    if (!FT_IS_SCALABLE(font->ft_face_)) return Error{"font file " + path + ": not a scalable font"};

    hb_blob_t* blob = hb_blob_create(font->bytes_.data(),
                                     static_cast<unsigned>(font->bytes_.size()), HB_MEMORY_MODE_READONLY, nullptr,
                                     nullptr);
    hb_face_t* face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    font->units_per_em_ = static_cast<int>(hb_face_get_upem(face));
    font->hb_font_ = hb_font_create(face);
    hb_face_destroy(face);
    hb_font_set_scale(font->hb_font_, font->units_per_em_, font->units_per_em_);
    hb_ot_font_set_funcs(font->hb_font_);
    hb_font_make_immutable(font->hb_font_);

    const auto upem = static_cast<float>(font->units_per_em_);
    const FT_Face ft = font->ft_face_;
    font->ascender_ = static_cast<float>(ft->ascender) / upem;
    font->descender_ = static_cast<float>(-ft->descender) / upem;
    if (const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(ft, FT_SFNT_OS2)); os2 != nullptr) {
        // Typographic metrics: CJK fonts put a large line gap into hhea, the typo values are the design's.
        if (os2->sTypoAscender > 0 && os2->sTypoDescender <= 0) {
            font->ascender_ = static_cast<float>(os2->sTypoAscender) / upem;
            font->descender_ = static_cast<float>(-os2->sTypoDescender) / upem;
        }
        if (os2->version >= 2 && os2->sCapHeight > 0) font->cap_height_ = static_cast<float>(os2->sCapHeight) / upem;
    }
    font->role_ = infer_role(*font);
    return font;
}

Font::~Font() {
    if (hb_font_ != nullptr) hb_font_destroy(hb_font_);
    if (ft_face_ != nullptr) FT_Done_Face(ft_face_);
}

bool Font::covers(char32_t cp) const {
    hb_codepoint_t glyph = 0;
    return hb_font_get_nominal_glyph(hb_font_, cp, &glyph) != 0 && glyph != 0;
}

std::string Font::glyph_name(uint32_t glyph_id) const {
    char name[128];
    if (hb_font_get_glyph_name(hb_font_, glyph_id, name, sizeof name) != 0 && name[0] != '\0') return name;
    return "gid" + std::to_string(glyph_id);
}

FontSet::FontSet() : id_(next_font_set_id++) {}

FontSet::~FontSet() {
    fonts_.clear();
    if (library_ != nullptr) FT_Done_FreeType(library_);
}

Result<void> FontSet::add(const std::string& path) {
    if (library_ == nullptr && FT_Init_FreeType(&library_) != 0) {
        library_ = nullptr;
        return Error{"FreeType could not start"};
    }
    auto font = Font::open(library_, path);
    if (!font) return font.error();
    fonts_.push_back(std::move(font).value());
    return {};
}

Result<std::shared_ptr<FontSet>> FontSet::from_files(const std::vector<std::string>& paths) {
    if (paths.empty()) return Error{"no font files given"};
    std::shared_ptr<FontSet> set(new FontSet());
    for (const auto& path : paths) {
        if (auto added = set->add(path); !added) return added.error();
    }
    return set;
}

Result<std::shared_ptr<FontSet>> FontSet::from_manifest(const std::string& directory) {
    const std::string manifest_path = directory + "/manifest.txt";
    std::ifstream in(manifest_path);
    if (!in) return Error{"font manifest " + manifest_path + ": cannot open (" + std::strerror(errno) + ")"};
    std::shared_ptr<FontSet> set(new FontSet());
    std::string line;
    int line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        std::istringstream words(line);
        std::string file;
        std::string role_word;
        if (!(words >> file) || file[0] == '#') continue;
        const std::string where = manifest_path + ":" + std::to_string(line_number);
        if (!(words >> role_word)) return Error{where + ": missing role after '" + file + "'"};
        if (file.find('/') != std::string::npos) return Error{where + ": '" + file + "' must be a bare file name"};
        auto role = parse_role(role_word, where);
        if (!role) return role.error();
        if (auto added = set->add(directory + "/" + file); !added) return Error{where + ": " + added.error().message};
        set->fonts_.back()->set_role(role.value());
    }
    if (set->fonts_.empty()) return Error{"font manifest " + manifest_path + ": lists no fonts"};
    return set;
}

std::string default_font_directory() {
    if (const char* from_env = std::getenv("FL_FONT_DIR"); from_env != nullptr && from_env[0] != '\0') {
        return from_env;
    }
    return FL_FONT_DIR;
}

}  // namespace fl::text
