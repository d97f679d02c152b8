# `cpack -G DEB`: a Debian package of octavo and its man page. The libraries'
# packages come from dpkg-shlibdeps (the .so files the binary links, with the
# versions it needs); the fonts' packages from fonts/fonts.list, which names
# the package of every font octavo embeds; the hyphenation patterns from
# hyphen-en-us (the default language), other languages' patterns suggested.
file(STRINGS ${CMAKE_SOURCE_DIR}/fonts/fonts.list font_lines REGEX "^[^#]")
set(font_packages "")
foreach(line ${font_lines})
  string(REPLACE "\t" ";" fields "${line}")
  list(LENGTH fields n)
  if(n GREATER 4)
    list(GET fields 4 pkg)
    list(APPEND font_packages ${pkg})
  endif()
endforeach()
list(REMOVE_DUPLICATES font_packages)
list(APPEND font_packages hyphen-en-us)
string(REPLACE ";" ", " OCTAVO_DATA_DEPENDS "${font_packages}")

set(CPACK_PACKAGE_NAME octavo)
set(CPACK_PACKAGE_VENDOR "octavo contributors")
set(CPACK_PACKAGE_CONTACT "octavo contributors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "book compiler: a series of Markdown chapters to an EPUB 3 and a PDF")
set(CPACK_PACKAGE_DESCRIPTION
  "octavo compiles a series of Markdown chapters (CommonMark with the GitHub
extensions) and a series.yaml manifest into an EPUB 3 book that passes
EPUBCheck and DAISY Ace, and a typeset PDF with embedded fonts.")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${OCTAVO_DATA_DEPENDS}")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "hyphen-hyphenation-patterns")
set(CPACK_STRIP_FILES ON)
include(CPack)
