/* The wording tables: every learner-facing sentence, in English and in Chinese. */
#include <string.h>

#include "tcpteach/text.h"

const tt_wording tt_wordings[TT_LANG_COUNT] = {
#include "text-en.inc"
#include "text-zh.inc"
};

tt_lang tt_lang_from_locale(const char *locale)
{
    return (locale && strncmp(locale, "zh", 2) == 0) ? TT_LANG_ZH : TT_LANG_EN;
}
