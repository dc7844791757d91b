/* Whether a unit name as an official types it ("Phòng VH-XH", "Văn phòng
 * HĐND- UBND xã", "Trung tâm PVHCC", "Phòng Phòng VH-XH") names a unit of the
 * tree ("Phòng Văn hóa – Xã hội", ...). Both are folded (no marks, đ -> d,
 * lower case) and split into words. The typed words must be found in order
 * in the unit's name, each either a word of it or the initials of a run of
 * its words (VH = Văn hóa, PVHCC = phục vụ hành chính công); words of the
 * name may be skipped. Leading "phòng"s and a trailing "xã" of the typed
 * text and "và", a leading "phòng" and a trailing "xã" of the name do not
 * count. At least two words and half of the name must be covered, so
 * "Trung tâm" alone does not mean "Trung tâm phục vụ hành chính công". */
#ifndef XASO_CORE_UNIT_MATCH_H
#define XASO_CORE_UNIT_MATCH_H

#include <stdbool.h>

bool unit_name_matches(const char *typed, const char *unit_name);

#endif
