# Writes ${OUTPUT}: one COROLINT_CHECK_DOC("name", R"(page)") row per
# ${DOCS_DIR}/<name>.md, so --explain and the SARIF rule table need no docs
# directory at run time. Run at configure time (see tool/CMakeLists.txt).
file(GLOB pages ${DOCS_DIR}/*.md)
list(SORT pages)
set(rows "// Generated from docs/checks/*.md by tool/EmbedCheckDocs.cmake.\n")
foreach(page ${pages})
  get_filename_component(name ${page} NAME_WE)
  if(name STREQUAL "README")
    continue()
  endif()
  file(READ ${page} text)
  string(APPEND rows "COROLINT_CHECK_DOC(\"${name}\", R\"corolintdoc(${text})corolintdoc\")\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "${rows}")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
