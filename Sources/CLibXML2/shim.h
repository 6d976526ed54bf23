#ifndef DOSSIER_CLIBXML2_SHIM_H
#define DOSSIER_CLIBXML2_SHIM_H

/* Debian builds libxml2 with ICU; its headers clash with Foundation's own ICU module. ICU only
 * appears at the end of xmlCharEncodingHandler, a struct Dossier never allocates or reads. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>

/// Refuses every external entity, DTD or document libxml2 would otherwise try to load.
static xmlParserInputPtr dossier_refuse_external_entity(const char *url, const char *id,
                                                         xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

/// Initialises libxml2 once for the process and closes the door to anything outside the
/// input: no loader for external entities, DTDs or XIncludes, whatever options a parse uses.
static inline void dossier_xml_initialize(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(dossier_refuse_external_entity);
}

#endif
