# Installation and the Debian packages (cpack in a build folder):
#   qareports          the agent, qareports(1), bash completion, the docs
#   qareports-emulator the Kubernetes API emulator (the demo's cluster)
# Depends: computed by dpkg-shlibdeps from the linked libraries, plus the
# two the agent loads when it first needs them (dlopen), which no tool can see.
include(GNUInstallDirs)
set(QAREPORTS_DOC ${CMAKE_INSTALL_DATAROOTDIR}/doc/qareports)

# qareports(1), written by the binary from its own command line, compressed
# as Debian installs manual pages; and each package's changelog.
string(TIMESTAMP QAREPORTS_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(package qareports qareports-emulator)
  set(PACKAGE ${package})
  set(VERSION ${PROJECT_VERSION})
  set(COMMIT ${QAREPORTS_GIT_COMMIT})
  set(DATE ${QAREPORTS_DATE})
  configure_file(${CMAKE_SOURCE_DIR}/packaging/changelog.in ${CMAKE_BINARY_DIR}/packaging/${package}/changelog @ONLY)
endforeach()
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/packaging/qareports.1.gz ${CMAKE_BINARY_DIR}/packaging/qareports/changelog.gz
  COMMAND sh -c "$<TARGET_FILE:qareports> --man | gzip -9n > qareports.1.gz && gzip -9n < qareports/changelog > qareports/changelog.gz"
  DEPENDS qareports ${CMAKE_BINARY_DIR}/packaging/qareports/changelog
  WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/packaging
  COMMENT "qareports(1)"
  VERBATIM)
add_custom_target(qareports_man_page ALL DEPENDS ${CMAKE_BINARY_DIR}/packaging/qareports.1.gz)

install(TARGETS qareports RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT agent)
install(FILES ${CMAKE_BINARY_DIR}/packaging/qareports.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT agent)
install(FILES contrib/bash-completion/qareports DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/bash-completion/completions
        COMPONENT agent)
file(GLOB QAREPORTS_DOCS ${CMAKE_SOURCE_DIR}/docs/*.md)
install(FILES README.md ${QAREPORTS_DOCS} packaging/copyright ${CMAKE_BINARY_DIR}/packaging/qareports/changelog.gz
        DESTINATION ${QAREPORTS_DOC} COMPONENT agent)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME qareports)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "qa-reports operators <qa-reports@example.org>")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL agent)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://qa-reports.linaro.org")
set(CPACK_DEBIAN_AGENT_PACKAGE_NAME qareports)
set(CPACK_DEBIAN_AGENT_PACKAGE_DEPENDS "libgit2-1.5, libcurl4")
set(CPACK_DEBIAN_AGENT_PACKAGE_RECOMMENDS "kubectl | kubernetes-client, git")
# The first line is the synopsis.
set(CPACK_DEBIAN_AGENT_DESCRIPTION "deploys SQUAD (qa-reports) to Kubernetes from a CI pipeline
One job per invocation, as a step of a GitLab or GitHub pipeline: detects the
SQUAD version bump from git, plans, applies or upgrades an environment under a
deploy lock, gates production on staging, rolls back a failed rollout, drives
Terraform and the cluster, and writes JUnit reports.")
if(TARGET qareports-emulator)
  list(APPEND CPACK_COMPONENTS_ALL emulator)
  set(CPACK_DEBIAN_EMULATOR_PACKAGE_NAME qareports-emulator)
  set(CPACK_DEBIAN_EMULATOR_PACKAGE_SECTION devel)
  set(CPACK_DEBIAN_EMULATOR_DESCRIPTION "Kubernetes API emulator for testing qareports
An HTTPS server on loopback that kubectl and qareports take for a Kubernetes
1.32 API server: discovery, server-side apply, watches, simulated controllers
and pods with injectable failures, and a simulated SQUAD. It is the embedded
cluster of qareports dev up and of the project's tests.")
  add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/packaging/qareports-emulator/changelog.gz
    COMMAND sh -c "gzip -9n < qareports-emulator/changelog > qareports-emulator/changelog.gz"
    DEPENDS ${CMAKE_BINARY_DIR}/packaging/qareports-emulator/changelog
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/packaging
    VERBATIM)
  add_custom_target(qareports_emulator_changelog ALL
                    DEPENDS ${CMAKE_BINARY_DIR}/packaging/qareports-emulator/changelog.gz)
  install(TARGETS qareports-emulator RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT emulator)
  install(FILES docs/emulator.md packaging/copyright ${CMAKE_BINARY_DIR}/packaging/qareports-emulator/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/qareports-emulator COMPONENT emulator)
endif()
include(CPack)
