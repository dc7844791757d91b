/* The 12-digit personal identification number printed on the căn cước card
 * (số định danh cá nhân; Thông tư 59/2021/TT-BCA Điều 7):
 *   digits 1-3  the province (or centrally-run city) where the birth was
 *               registered, by the codes of the 63 provinces before 2025;
 *               the merged provinces of 2025 kept codes from this list
 *   digit 4     sex and century of birth: 0/1 1900s, 2/3 2000s, 4/5 2100s,
 *               6/7 2200s, 8/9 2300s; even male, odd female
 *   digits 5-6  the last two digits of the year of birth
 *   digits 7-12 a random number */
#ifndef XASO_CORE_CCCD_H
#define XASO_CORE_CCCD_H

#include <stdbool.h>

typedef struct cccd_info {
    int province;   /* 1..96 */
    bool female;
    int birth_year; /* 1900..2399 */
} cccd_info;

/* true when s has the structure above; fills out when not NULL. */
bool cccd_parse(const char *s, cccd_info *out);

#endif
