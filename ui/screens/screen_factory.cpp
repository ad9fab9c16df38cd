// Routes to screens: the one place that knows every concrete screen.
#include "ui/screens/category_screen.h"
#include "ui/screens/choice_dialog.h"
#include "ui/screens/downloads_screen.h"
#include "ui/screens/consult_screens.h"
#include "ui/screens/home_screen.h"
#include "ui/screens/message_screen.h"
#include "ui/screens/player_screen.h"
#include "ui/screens/program_screen.h"
#include "ui/screens/settings_screen.h"

namespace fl::ui {

std::unique_ptr<Screen> make_screen(const Route& route, const UiContext& context) {
    if (route.screen == "category") return std::make_unique<CategoryScreen>(route.param);
    if (route.screen == "program") return std::make_unique<ProgramScreen>(route.param);
    if (route.screen == "settings") return std::make_unique<SettingsScreen>();
    if (route.screen == "downloads") return std::make_unique<DownloadsScreen>();
    if (route.screen == "legal_aid") return std::make_unique<MessageScreen>("legal_aid", "legal_aid.title", "legal_aid.body");
    if (route.screen == "player") return std::make_unique<PlayerScreen>(route.param, false);
    if (route.screen == "player_from_start") return std::make_unique<PlayerScreen>(route.param, true);
    if (route.screen.rfind("consult", 0) == 0) {
        if (auto consult = make_consult_screen(route, context)) return consult;
    }
    if (route.screen == "exit") {
        return std::make_unique<ChoiceDialog>(
            "exit", "exit.question",
            std::vector<ChoiceDialog::Choice>{{"exit.stay", "exit.stay", Navigation::back()},
                                              {"exit.exit", "exit.exit", Navigation::quit()}});
    }
    if (route.screen == "context") {
        return std::make_unique<ChoiceDialog>(
            "context", "context.title",
            std::vector<ChoiceDialog::Choice>{{"context.home", "context.home", Navigation::home()},
                                              {"context.back", "hint.back", Navigation::back()}});
    }
    return std::make_unique<HomeScreen>();
}

}  // namespace fl::ui
