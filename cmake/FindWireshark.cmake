# FindWireshark.cmake
#
# Finds the Wireshark development files. Uses WiresharkConfig.cmake when the
# installed package ships one; Debian 12's libwireshark-dev ships only
# pkg-config data, so otherwise this module builds the same results from it:
#   Wireshark_FOUND, Wireshark_VERSION, Wireshark_VERSION_MAJOR/MINOR,
#   Wireshark_PLUGIN_INSTALL_DIR (the system plugin folder, .../plugins/X.Y)
#   and the imported target `epan` carrying include directories and libraries.
#
# SPDX-License-Identifier: GPL-2.0-or-later

find_package(Wireshark CONFIG QUIET)
if(NOT Wireshark_FOUND)
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(WS_PC QUIET wireshark)
    if(WS_PC_FOUND)
        set(Wireshark_VERSION "${WS_PC_VERSION}")
        pkg_get_variable(Wireshark_PLUGIN_INSTALL_DIR wireshark plugindir)
        if(NOT TARGET epan)
            add_library(epan INTERFACE IMPORTED)
            set_target_properties(epan PROPERTIES
                INTERFACE_INCLUDE_DIRECTORIES "${WS_PC_INCLUDE_DIRS}"
                INTERFACE_LINK_DIRECTORIES "${WS_PC_LIBRARY_DIRS}"
                INTERFACE_LINK_LIBRARIES "${WS_PC_LIBRARIES}"
                INTERFACE_COMPILE_OPTIONS "${WS_PC_CFLAGS_OTHER}")
        endif()
        set(Wireshark_PLUGINS_ENABLED ON)
    endif()
    include(FindPackageHandleStandardArgs)
    find_package_handle_standard_args(Wireshark
        REQUIRED_VARS Wireshark_VERSION Wireshark_PLUGIN_INSTALL_DIR
        VERSION_VAR Wireshark_VERSION)
endif()
if(Wireshark_FOUND)
    string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" _ws_mm "${Wireshark_VERSION}")
    set(Wireshark_VERSION_MAJOR "${CMAKE_MATCH_1}")
    set(Wireshark_VERSION_MINOR "${CMAKE_MATCH_2}")
endif()
