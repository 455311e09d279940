# The Debian package (packaging/dev package runs cpack over the build directory). Depends is
# computed by dpkg-shlibdeps from the installed binary; what it cannot see is listed here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hookscope)
set(CPACK_PACKAGE_VENDOR "The Hookscope developers")
set(CPACK_PACKAGE_CONTACT "The Hookscope developers <maintainers@hookscope.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "native desktop webhook inspector")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # hookscope_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${PROJECT_HOMEPAGE_URL})
# The Debian long description (CPack puts the summary above it and indents it).
set(CPACK_PACKAGE_DESCRIPTION
    "Hookscope catches webhooks on a local HTTP receiver, stores every request
durably in SQLite before acknowledging it, and shows them live in a Qt
window: filters, full-text search, headers in received order, bodies as
pretty JSON, a JSON tree, raw text or hex. It verifies and produces
signatures (Standard Webhooks, Stripe, GitHub, Shopify, Slack, Twilio,
Discord and more), copies requests as curl and resends them. The same
binary runs a headless receiver (hookscope serve) and command line tools.")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Plugins Qt loads at run time, invisible to dpkg-shlibdeps: the SQLite driver is required;
# the Wayland platform and the desktop themes are wanted where they exist.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
if(HOOKSCOPE_GUI)
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-qpa-plugins, qt6-wayland")
endif()
include(CPack)
