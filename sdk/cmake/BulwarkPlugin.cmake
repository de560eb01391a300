# bulwark_add_plugin(<id> SOURCES <file>... [OUTPUT_DIR <dir>])
# Builds the plugin <id> as a MODULE library named "<id>.so" that exports only the entry
# symbol (everything else hidden) and links nothing of the kernel: the kernel finds it in its
# plugin folders. OUTPUT_DIR defaults to ${BULWARK_PLUGIN_OUTPUT_DIR}, else
# ${CMAKE_BINARY_DIR}/plugins. The target is bulwark_plugin_<id>.
function(bulwark_add_plugin id)
  cmake_parse_arguments(ARG "" "OUTPUT_DIR" "SOURCES" ${ARGN})
  if(NOT ARG_OUTPUT_DIR)
    if(BULWARK_PLUGIN_OUTPUT_DIR)
      set(ARG_OUTPUT_DIR ${BULWARK_PLUGIN_OUTPUT_DIR})
    else()
      set(ARG_OUTPUT_DIR ${CMAKE_BINARY_DIR}/plugins)
    endif()
  endif()
  if(NOT id MATCHES "^[a-z][a-z0-9_-]*$")
    message(FATAL_ERROR "bulwark_add_plugin: plugin id '${id}' must be lower-case letters, "
                        "digits, '-' or '_'")
  endif()
  set(target bulwark_plugin_${id})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE Bulwark::sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX "" OUTPUT_NAME ${id} SUFFIX ".so"
    LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR}
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
endfunction()

# bulwark_add_plugin_library(<name> SOURCES <file>... [LIBRARIES <lib>...])
# A static library of a plugin's code (everything but the entry point), so the plugin and its
# tests link the same objects: position-independent, hidden symbols, the calling folder as its
# include directory, the SDK and LIBRARIES linked publicly.
function(bulwark_add_plugin_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC Bulwark::sdk ${ARG_LIBRARIES})
  set_target_properties(${name} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()
