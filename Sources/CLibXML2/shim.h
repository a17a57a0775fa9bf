#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so libxml/encoding.h pulls in the system's
 * <unicode/...> headers, whose definitions clash with the ICU copy inside Foundation
 * ("'UErrorCode' has different definitions in different modules") in any module that
 * sees both. Nothing here uses libxml2's ICU converters; hiding them only drops two
 * pointer fields at the end of xmlCharEncodingHandler, a struct Swift never allocates. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#endif
