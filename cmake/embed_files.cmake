# Generates a C file holding every file of SRC_DIR matching GLOB as a string,
# in a table NAME[] of {file name, content}, ended by {0, 0}. Used for the
# paper templates, which are data an administrator's model change edits.
#   -DSRC_DIR=... -DGLOB=*.json -DOUT=... -DNAME=...
file(GLOB files RELATIVE "${SRC_DIR}" "${SRC_DIR}/${GLOB}")
list(SORT files)
set(body "/* Generated from ${SRC_DIR} by cmake/embed_files.cmake. */\n#include <stddef.h>\n\n")
set(table "")
set(i 0)
foreach(f ${files})
  file(READ "${SRC_DIR}/${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "static const char f${i}[] = {${bytes}0x00};\n")
  string(APPEND table "    {\"${f}\", f${i}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\nconst struct { const char *name, *content; } ${NAME}[] = {\n${table}    {NULL, NULL}};\n")
file(WRITE "${OUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
