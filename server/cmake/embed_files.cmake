# Writes a C++ source holding every file under DIR (recursively) as {relative path, bytes}, sorted
# by path, in the vector VAR of namespace zs (declared in HEADER). Text files only.
file(GLOB_RECURSE files RELATIVE ${DIR} ${DIR}/*)
list(SORT files)
set(body "// Generated from ${DIR}; do not edit.\n#include \"${HEADER}\"\nnamespace zs {\nconst std::vector<EmbeddedFile> ${VAR} = {\n")
foreach(f ${files})
  file(READ ${DIR}/${f} content)
  string(APPEND body "  {\"${f}\", R\"zs_file(${content})zs_file\"},\n")
endforeach()
string(APPEND body "};\n}  // namespace zs\n")
file(WRITE ${OUT} "${body}")
