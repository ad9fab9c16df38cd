// Kill -9 and full-disk helper for the store tests: commits catalogues in a loop, or once under a file size limit.
#include <signal.h>

#include <cstdio>
#include <string>

#include "core/files.h"
#include "feed/catalog_store.h"

// Usage:
//   feed_store_helper loop DIR FEED_A SIG_A FEED_B SIG_B   commits A and B (both sequence 1) in turn forever,
//                                                          printing "committed N" after each commit
//   feed_store_helper commit DIR FEED SIG SEQUENCE         commits once; exit 0, or 1 with the error on stderr
int main(int argc, char** argv) {
    ::signal(SIGXFSZ, SIG_IGN);  // a file size limit then shows as EFBIG, like a full disk shows ENOSPC
    const std::string mode = argc > 1 ? argv[1] : "";
    auto load = [](const char* path) {
        auto text = fl::read_file(path);
        if (!text) {
            std::fprintf(stderr, "%s\n", text.error().message.c_str());
            std::exit(2);
        }
        return text.value();
    };
    if (mode == "loop" && argc == 7) {
        fl::feed::CatalogStore store(argv[2]);
        if (!store.prepare()) return 2;
        const fl::feed::SignedFeed a{load(argv[3]), load(argv[4]), "https://127.0.0.1/feed.json", "\"a\"", ""};
        const fl::feed::SignedFeed b{load(argv[5]), load(argv[6]), "https://127.0.0.1/feed.json", "\"b\"", ""};
        for (long round = 0;; ++round) {
            const bool first = round % 2 == 0;
            if (auto committed = store.commit(first ? a : b, 1); !committed) {
                std::fprintf(stderr, "%s\n", committed.error().message.c_str());
                return 1;
            }
            std::printf("committed %ld\n", round);
            std::fflush(stdout);
        }
    }
    if (mode == "commit" && argc == 6) {
        fl::feed::CatalogStore store(argv[2]);
        if (auto prepared = store.prepare(); !prepared) return 2;
        const fl::feed::SignedFeed feed{load(argv[3]), load(argv[4]), "https://127.0.0.1/feed.json", "", ""};
        if (auto committed = store.commit(feed, std::stoll(argv[5])); !committed) {
            std::fprintf(stderr, "%s\n", committed.error().message.c_str());
            return 1;
        }
        return 0;
    }
    std::fprintf(stderr, "usage: feed_store_helper loop DIR FEED_A SIG_A FEED_B SIG_B | commit DIR FEED SIG SEQ\n");
    return 2;
}
