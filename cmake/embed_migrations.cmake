# Generates a C file holding every NNNN_name.sql of SRC_DIR as a byte array, so
# the binary carries its own schema: the SQLite migrations as store_migrations,
# the PostgreSQL ones (SUFFIX=_pg) as store_migrations_pg. Run by CMake at
# build time.
#   -DSRC_DIR=... -DOUT=... [-DSUFFIX=_pg]
file(GLOB files RELATIVE "${SRC_DIR}" "${SRC_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT files)
set(body "/* Generated from ${SRC_DIR} by cmake/embed_migrations.cmake. */\n#include \"store/internal.h\"\n\n")
set(table "")
set(count 0)
foreach(f ${files})
  string(REGEX MATCH "^([0-9]+)_(.*)\\.sql$" _ "${f}")
  set(num "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  math(EXPR version "${num}")
  file(READ "${SRC_DIR}/${f}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "static const char m${num}${SUFFIX}[] = {${bytes}0x00};\n")
  string(APPEND table "    {${version}, \"${name}\", m${num}${SUFFIX}},\n")
  math(EXPR count "${count} + 1")
endforeach()
string(APPEND body "\nconst store_migration store_migrations${SUFFIX}[] = {\n${table}    {0, 0, 0}};\nconst int store_migration_count${SUFFIX} = ${count};\n")
file(WRITE "${OUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
