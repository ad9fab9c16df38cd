// What screens may ask of offline downloads: start one, delete one, and how each is doing (implemented by the app).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fl::ui {

struct DownloadView {
    enum class State { Queued, Downloading, Done, Failed } state = State::Queued;
    float fraction = 0.0f;  // 0..1 of the bytes
    std::string error;      // English, for the log; screens show a bilingual string instead
};

class DownloadControl {
public:
    virtual ~DownloadControl() = default;
    // Starts (or retries) the download of a programme; false when it has nothing to download.
    virtual bool start_download(std::string_view item_id) = 0;
    // Deletes a download and its files (stops it first when it is running).
    virtual void delete_download(std::string_view item_id) = 0;
    // nullopt when the programme was never downloaded.
    virtual std::optional<DownloadView> download_status(std::string_view item_id) const = 0;
    // Every programme with a download, oldest finished first.
    virtual std::vector<std::string> downloaded_items() const = 0;
};

}  // namespace fl::ui
