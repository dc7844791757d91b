/* Placeholder until this concept is built. */
#include "document/internal.h"

int document_exchange_routes(web_server *w, org_state *st)
{
    (void)w;
    (void)st;
    return 0;
}
