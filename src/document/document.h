/* The document part: văn bản đi and văn bản đến under Nghị định 30/2020,
 * their yearly registers, work records (hồ sơ công việc) and the edXML
 * exchange (QCVN 102:2016) between units. docs/reference/nd30-edxml.md holds
 * the rules with their articles. */
#ifndef XASO_DOCUMENT_DOCUMENT_H
#define XASO_DOCUMENT_DOCUMENT_H

#include "org/org.h"
#include "store/store.h"
#include "web/web.h"

/* Registers every route of the part. */
int document_routes(web_server *w, org_state *st);

/* Gives the demo commune's units (org_create_demo) the abbreviations their
 * documents' ký hiệu use: UBND, VP, KT, VX, TTPVHCC, CA. 0 or -1. */
int document_demo_settings(store *s);

#endif
