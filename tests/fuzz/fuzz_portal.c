/* The national-portal parsers on arbitrary text: no crash, no read past the
 * text, and the procedure built from any record is either refused with a
 * reason or valid JSON with a review status. */
#include "catalog/portal_parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    /* jansson wants UTF-8; invalid input is refused before parsing, as the
     * import's JSON loader does. */
    json_t *s = json_stringn(text, strlen(text));
    if (s) {
        json_decref(portal_parse_channels(text));
        json_decref(portal_parse_documents(text));
        json_decref(portal_parse_legal_basis(text));
        json_t *record = json_pack("{s:s, s:s, s:O, s:O, s:O, s:O}", "ma_thu_tuc", "1.000001",
                                   "ten_thu_tuc", "Thử", "cach_thuc_thuc_hien", s,
                                   "thanh_phan_ho_so", s, "can_cu_phap_ly", s, "ket_qua_xu_ly", s);
        char err[128];
        json_t *p = portal_record_to_procedure(record, err, sizeof err);
        if (!p || !json_object_get(json_object_get(p, "review"), "status"))
            abort();
        json_decref(p);
        json_decref(record);
        json_decref(s);
    }
    free(text);
    return 0;
}
