# cmake -DIN_DIR=packaging/man -DOUT=hookscope.1 -DVERSION=x.y.z -DHOMEPAGE=url -P man_page.cmake
# Concatenates the man page's section files in name order, one file per subcommand.
file(GLOB parts "${IN_DIR}/*.man")
list(SORT parts)
set(page "")
foreach(part IN LISTS parts)
    file(READ "${part}" text)
    string(APPEND page "${text}")
endforeach()
string(REPLACE "@PROJECT_VERSION@" "${VERSION}" page "${page}")
string(REPLACE "@PROJECT_HOMEPAGE_URL@" "${HOMEPAGE}" page "${page}")
file(WRITE "${OUT}" "${page}")
