# CddCompilerFlags.cmake — the cdd_warnings interface target (warnings as errors) and the sanitizer flags
# (CDD_SANITIZE), guarded per compiler so MSVC and MinGW builds get only flags they understand.
add_library(cdd_warnings INTERFACE)
if(MSVC)
  target_compile_options(cdd_warnings INTERFACE /W4 /utf-8 $<$<BOOL:${CDD_WERROR}>:/WX>
    $<$<COMPILE_LANGUAGE:CXX>:/permissive-> $<$<COMPILE_LANGUAGE:CXX>:/Zc:__cplusplus>)
  target_compile_definitions(cdd_warnings INTERFACE _CRT_SECURE_NO_WARNINGS NOMINMAX WIN32_LEAN_AND_MEAN)
else()
  target_compile_options(cdd_warnings INTERFACE -Wall -Wextra $<$<BOOL:${CDD_WERROR}>:-Werror>)
endif()

if(CDD_SANITIZE)
  if(MSVC)
    add_compile_options(/fsanitize=address)
  else()
    set(CDD_SANITIZE_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined)
    add_compile_options(${CDD_SANITIZE_FLAGS})
    add_link_options(-fsanitize=address,undefined)
  endif()
endif()
