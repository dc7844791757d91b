/* The plan's text readers on arbitrary text: quarter ranges (whatever is
 * accepted is a real period that reads back the same from its canonical
 * spelling), indicator targets, budgets (whatever is accepted is a finite
 * amount, never negative) and typed unit names. */
#include "core/budget_text.h"
#include "core/indicator_target.h"
#include "core/plan_period.h"
#include "core/unit_match.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[256];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';
    indicator_target t;
    (void)indicator_target_parse(text, &t);
    bool has;
    double million;
    if (budget_text_parse(text, &has, &million) && has && (!isfinite(million) || million < 0))
        abort();
    (void)unit_name_matches(text, "Phòng Văn hóa – Xã hội");
    (void)unit_name_matches("Phòng VH-XH", text);
    plan_period p, back;
    if (!plan_period_parse(text, &p))
        return 0;
    if (p.first_quarter < 1 || p.last_quarter > 4 || p.first_quarter > p.last_quarter ||
        plan_period_first_day(p) > plan_period_last_day(p))
        abort();
    char canonical[PLAN_PERIOD_TEXT_MAX];
    plan_period_format(p, canonical);
    if (!plan_period_parse(canonical, &back) || memcmp(&back, &p, sizeof p) != 0)
        abort();
    return 0;
}
