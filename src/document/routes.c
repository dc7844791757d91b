/* The document part's routes: one group per concept, each in its file. */
#include "document/internal.h"

int document_routes(web_server *w, org_state *st)
{
    return document_out_routes(w, st) != 0 || document_in_routes(w, st) != 0 ||
                   document_register_routes(w, st) != 0 || document_record_routes(w, st) != 0 ||
                   document_exchange_routes(w, st) != 0 || document_people_routes(w, st) != 0
               ? -1
               : 0;
}
