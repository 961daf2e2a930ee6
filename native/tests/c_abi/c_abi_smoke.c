/* c_abi_smoke.c — a plain C11 program over the shared library (cdd.dll / libcdd.so) and nothing else:
 * cdd.h must compile as C, every call here goes through the exported C ABI (dllimport on Windows), and
 * on Windows cdd.dll must also be loadable by name with its functions found by GetProcAddress, as the
 * Python bridge (ctypes) does. Writes a realistic (1000, 50, 3) book with the OKX codec to argv[1],
 * verifies it, reads it back bit-exact and checks a typed error. ctest: CApi.CProgramOverSharedLibrary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdd/cdd.h"

#ifdef _WIN32
#include <windows.h>
#endif

#define CHECK(call)                                                                                  \
  do {                                                                                               \
    int st_ = (call);                                                                                \
    if (st_ != CDD_OK) {                                                                             \
      fprintf(stderr, "%s failed: %s: %s\n", #call, cdd_status_name(st_), cdd_last_error_message()); \
      return 1;                                                                                      \
    }                                                                                                \
  } while (0)

enum { kRows = 1000, kValues = 50 * 3 };

static int run(const char* path, float* data, float* back) {
  const size_t bytes = (size_t)kRows * kValues * sizeof(float);
  cdd_gen_state* g = NULL;
  CHECK(cdd_gen_new(7, &g));
  CHECK(cdd_gen_orderbook_f32(g, kRows, data, bytes));
  cdd_gen_free(g);

  cdd_writer_options wo;
  cdd_writer_options_init(&wo);
  wo.dtype = CDD_DTYPE_FLOAT32;
  wo.row_ndim = 2;
  wo.row_shape[0] = 50;
  wo.row_shape[1] = 3;
  CHECK(cdd_writer_options_set_codec(&wo, CDD_CODEC_OKX_OB_F32));
  cdd_writer* w = NULL;
  CHECK(cdd_writer_create(path, &wo, &w));
  CHECK(cdd_writer_append(w, data, kRows));
  CHECK(cdd_writer_close(w));
  CHECK(cdd_verify_file(path));

  cdd_reader_options ro;
  cdd_reader_options_init(&ro);
  cdd_reader* r = NULL;
  CHECK(cdd_reader_open(path, &ro, &r));
  if (cdd_reader_num_rows(r) != kRows) {
    fprintf(stderr, "read back %llu rows, wrote %d\n", (unsigned long long)cdd_reader_num_rows(r), kRows);
    cdd_reader_close(r);
    return 1;
  }
  int st = cdd_reader_read_rows(r, 0, kRows, back, bytes);
  cdd_reader_close(r);
  CHECK(st);
  if (memcmp(data, back, bytes) != 0) {
    fprintf(stderr, "rows read back differ from the rows written\n");
    return 1;
  }

  /* A typed error, not a crash: a missing file is CDD_E_IO with a message naming it. */
  r = NULL;
  st = cdd_reader_open("no-such-dir/no-such-file.cdd", &ro, &r);
  if (st != CDD_E_IO || r != NULL || strstr(cdd_last_error_message(), "no-such-file") == NULL) {
    fprintf(stderr, "missing file: got %s (%s)\n", cdd_status_name(st), cdd_last_error_message());
    return 1;
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: c_abi_smoke FILE.cdd\n");
    return 2;
  }
  if (cdd_abi_version() != CDD_ABI_VERSION) {
    fprintf(stderr, "ABI %u, header %u\n", cdd_abi_version(), CDD_ABI_VERSION);
    return 1;
  }
  printf("libcdd %s (ABI %u, format %u), SIMD target %s\n", cdd_version_string(), cdd_abi_version(),
         cdd_format_version(), cdd_simd_target());
#ifdef _WIN32
  HMODULE dll = LoadLibraryA("cdd.dll");
  if (dll == NULL) {
    fprintf(stderr, "LoadLibrary(cdd.dll) failed: error %lu\n", (unsigned long)GetLastError());
    return 1;
  }
  /* The same function, found by name, as the one this program was linked with through cdd.dll's import
   * library: the exports carry plain C names. */
  FARPROC by_name = GetProcAddress(dll, "cdd_version_string");
  if (by_name == NULL || (uintptr_t)by_name != (uintptr_t)&cdd_version_string) {
    fprintf(stderr, "GetProcAddress(cdd_version_string) did not find the exported function\n");
    return 1;
  }
  printf("cdd.dll loaded by name; cdd_version_string found by GetProcAddress\n");
#endif
  float* data = malloc((size_t)kRows * kValues * sizeof(float));
  float* back = malloc((size_t)kRows * kValues * sizeof(float));
  if (data == NULL || back == NULL) return 1;
  const int rc = run(argv[1], data, back);
  free(data);
  free(back);
  if (rc == 0) printf("C ABI: %d rows written, verified, read back bit-exact; typed error checked\n", kRows);
  return rc;
}
