// core_calls.cpp — the core's C ABI for JS: CoreReader (cdd_reader over a file or a copy of bytes),
// CoreWriter (cdd_writer to a file), verifyFile, generator functions, SIMD target, flock/funlock.
#include "core_calls.hpp"

#include <cstring>
#include <string>
#include <vector>

#include "args.hpp"
#include "cdd/cdd.h"
#include "errors.hpp"

#ifndef _WIN32
#include <sys/file.h>
#include <cerrno>
#endif

namespace cdd_node {
namespace {

class CoreReader : public Napi::ObjectWrap<CoreReader> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "CoreReader",
                       {
                           InstanceMethod("numRows", &CoreReader::NumRows),
                           InstanceMethod("numChunks", &CoreReader::NumChunks),
                           InstanceMethod("info", &CoreReader::Info),
                           InstanceMethod("readRows", &CoreReader::ReadRows),
                           InstanceMethod("readChunk", &CoreReader::ReadChunk),
                           InstanceMethod("refresh", &CoreReader::Refresh),
                           InstanceMethod("close", &CoreReader::Close),
                       });
  }

  // new CoreReader(pathOrBytes, { verifyChunks, threads })
  explicit CoreReader(const Napi::CallbackInfo& info) : Napi::ObjectWrap<CoreReader>(info) {
    Napi::Env env = info.Env();
    cdd_reader_options opts;
    cdd_reader_options_init(&opts);
    if (info.Length() > 1 && info[1].IsObject()) {
      auto o = info[1].As<Napi::Object>();
      if (o.Has("verifyChunks") && !o.Get("verifyChunks").ToBoolean()) opts.read_flags |= CDD_READ_SKIP_CHUNK_VERIFY;
      if (o.Has("threads") && o.Get("threads").IsNumber()) opts.threads = o.Get("threads").As<Napi::Number>().Uint32Value();
    }
    if (info[0].IsString()) {
      throw_if_status(env, cdd_reader_open(info[0].As<Napi::String>().Utf8Value().c_str(), &opts, &reader_));
    } else {
      auto bytes = bytes_arg(info[0], "bytes");
      cdd_store* store = nullptr;
      throw_if_status(env, cdd_store_memory_copy(bytes.data(), bytes.size(), &store));
      int st = cdd_reader_open_store(store, &opts, &reader_);
      cdd_store_free(store);
      throw_if_status(env, st);
    }
  }
  ~CoreReader() override { cdd_reader_close(reader_); }

 private:
  cdd_reader* live(Napi::Env env) {
    if (reader_ == nullptr) throw cdd_error(env, CDD_E_STATE, "core reader is closed");
    return reader_;
  }
  Napi::Value NumRows(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(cdd_reader_num_rows(live(info.Env()))));
  }
  Napi::Value NumChunks(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(cdd_reader_num_chunks(live(info.Env()))));
  }
  Napi::Value Info(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    cdd_array_info a;
    std::memset(&a, 0, sizeof a);
    a.struct_size = sizeof a;
    throw_if_status(env, cdd_reader_info(live(env), &a));
    auto o = Napi::Object::New(env);
    o.Set("dtype", a.dtype);
    auto shape = Napi::Array::New(env, a.row_ndim);
    for (uint32_t i = 0; i < a.row_ndim; i++) shape.Set(i, a.row_shape[i]);
    o.Set("rowShape", shape);
    o.Set("rowBytes", static_cast<double>(a.row_bytes));
    o.Set("numRows", static_cast<double>(a.num_rows));
    o.Set("numChunks", static_cast<double>(a.num_chunks));
    o.Set("numIndexBlocks", static_cast<double>(a.num_index_blocks));
    o.Set("codec", a.codec);
    o.Set("codecLevel", a.level);
    o.Set("codecFlags", Napi::BigInt::New(env, a.codec_flags));
    o.Set("chunkTargetBytes", a.chunk_target_bytes);
    o.Set("chunkRows", a.chunk_rows);
    o.Set("indexCapacity", a.index_capacity);
    o.Set("formatVersion", a.format_version);
    o.Set("fileBytes", static_cast<double>(a.file_bytes));
    o.Set("writer", std::string(a.writer));
    return o;
  }
  // readRows(start, end, out: Uint8Array)
  Napi::Value ReadRows(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    uint64_t start = u64_arg(info[0], "start");
    uint64_t end = u64_arg(info[1], "end");
    auto out = bytes_arg(info[2], "out");
    throw_if_status(env, cdd_reader_read_rows(live(env), start, end, out.data(), out.size()));
    return env.Undefined();
  }
  Napi::Value ReadChunk(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    uint64_t chunk = u64_arg(info[0], "chunk");
    auto out = bytes_arg(info[1], "out");
    throw_if_status(env, cdd_reader_read_chunk(live(env), chunk, out.data(), out.size()));
    return env.Undefined();
  }
  Napi::Value Refresh(const Napi::CallbackInfo& info) {
    throw_if_status(info.Env(), cdd_reader_refresh(live(info.Env())));
    return info.Env().Undefined();
  }
  Napi::Value Close(const Napi::CallbackInfo& info) {
    cdd_reader_close(reader_);
    reader_ = nullptr;
    return info.Env().Undefined();
  }

  cdd_reader* reader_ = nullptr;
};

uint32_t opt_u32(const Napi::Object& o, const char* key, uint32_t fallback) {
  if (!o.Has(key) || o.Get(key).IsUndefined()) return fallback;
  return static_cast<uint32_t>(u64_arg(o.Get(key), key));
}

class CoreWriter : public Napi::ObjectWrap<CoreWriter> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "CoreWriter",
                       {
                           InstanceMethod("append", &CoreWriter::Append),
                           InstanceMethod("flush", &CoreWriter::Flush),
                           InstanceMethod("rowsCommitted", &CoreWriter::RowsCommitted),
                           InstanceMethod("close", &CoreWriter::Close),
                       });
  }

  // new CoreWriter(path, options) creates; new CoreWriter(path) opens to append.
  explicit CoreWriter(const Napi::CallbackInfo& info) : Napi::ObjectWrap<CoreWriter>(info) {
    Napi::Env env = info.Env();
    std::string path = string_arg(info[0], "path");
    if (info.Length() < 2 || !info[1].IsObject()) {
      throw_if_status(env, cdd_writer_open_append(path.c_str(), 0, &writer_));
      return;
    }
    auto o = info[1].As<Napi::Object>();
    cdd_writer_options opts;
    cdd_writer_options_init(&opts);
    opts.dtype = static_cast<int32_t>(u64_arg(o.Get("dtype"), "dtype"));
    std::vector<uint32_t> shape = shape_arg(o.Get("rowShape"), "rowShape");
    opts.row_ndim = static_cast<uint32_t>(shape.size());
    for (size_t i = 0; i < shape.size(); i++) opts.row_shape[i] = shape[i];
    if (o.Has("codec") && !o.Get("codec").IsUndefined()) opts.codec = static_cast<int32_t>(u64_arg(o.Get("codec"), "codec"));
    if (o.Has("level") && !o.Get("level").IsUndefined()) opts.level = i32_arg(o.Get("level"), "level");
    if (o.Has("codecFlags") && !o.Get("codecFlags").IsUndefined()) opts.codec_flags = u64_arg(o.Get("codecFlags"), "codecFlags");
    opts.chunk_target_bytes = opt_u32(o, "chunkTargetBytes", opts.chunk_target_bytes);
    opts.chunk_rows = opt_u32(o, "chunkRows", opts.chunk_rows);
    opts.index_capacity = opt_u32(o, "indexCapacity", opts.index_capacity);
    std::span<std::byte> user;
    if (o.Has("userMeta") && o.Get("userMeta").IsTypedArray()) {
      user = bytes_arg(o.Get("userMeta"), "userMeta");
      opts.user_meta = user.data();
      opts.user_meta_size = user.size();
    }
    throw_if_status(env, cdd_writer_create(path.c_str(), &opts, &writer_));
  }
  ~CoreWriter() override { cdd_writer_close(writer_); }

 private:
  cdd_writer* live(Napi::Env env) {
    if (writer_ == nullptr) throw cdd_error(env, CDD_E_STATE, "core writer is closed");
    return writer_;
  }
  // append(rows: TypedArray, nrows)
  Napi::Value Append(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto data = bytes_arg(info[0], "data");
    throw_if_status(env, cdd_writer_append(live(env), data.data(), u64_arg(info[1], "nrows")));
    return env.Undefined();
  }
  Napi::Value Flush(const Napi::CallbackInfo& info) {
    throw_if_status(info.Env(), cdd_writer_flush(live(info.Env())));
    return info.Env().Undefined();
  }
  Napi::Value RowsCommitted(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(cdd_writer_rows_committed(live(info.Env()))));
  }
  Napi::Value Close(const Napi::CallbackInfo& info) {
    cdd_writer* w = writer_;
    writer_ = nullptr;
    throw_if_status(info.Env(), cdd_writer_close(w));
    return info.Env().Undefined();
  }

  cdd_writer* writer_ = nullptr;
};

Napi::Value VerifyFile(const Napi::CallbackInfo& info) {
  throw_if_status(info.Env(), cdd_verify_file(string_arg(info[0], "path").c_str()));
  return info.Env().Undefined();
}

// generate(kind, seed, rows[, regime]): kind 0 = f32 book, 1 = f16 book (uint16 bits), 2 = int64 ms
// timestamps; regime a cdd_gen_regime name ("normal", ...), the legacy stream when absent.
Napi::Value Generate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint64_t kind = u64_arg(info[0], "kind");
  uint64_t seed = u64_arg(info[1], "seed");
  uint64_t rows = u64_arg(info[2], "rows");
  if (kind > 2) throw invalid_argument(env, "kind must be 0, 1 or 2");
  cdd_gen_state* g = nullptr;
  if (info.Length() > 3 && !info[3].IsUndefined()) {
    cdd_gen_options o;
    cdd_gen_options_init(&o);
    o.seed = seed;
    throw_if_status(env, cdd_gen_regime_from_name(string_arg(info[3], "regime").c_str(), &o.regime));
    throw_if_status(env, cdd_gen_new_with(&o, &g));
  } else {
    throw_if_status(env, cdd_gen_new(seed, &g));
  }
  const size_t per_row = kind == 2 ? 1 : 150;
  const size_t n = static_cast<size_t>(rows) * per_row;
  int st = CDD_OK;
  Napi::Value result;
  if (kind == 0) {
    auto a = Napi::Float32Array::New(env, n);
    st = cdd_gen_orderbook_f32(g, rows, a.Data(), n * 4);
    result = a;
  } else if (kind == 1) {
    auto a = Napi::Uint16Array::New(env, n);
    st = cdd_gen_orderbook_f16(g, rows, a.Data(), n * 2);
    result = a;
  } else {
    auto a = Napi::BigInt64Array::New(env, n);
    st = cdd_gen_timestamps_ms(g, rows, a.Data(), n * 8);
    result = a;
  }
  cdd_gen_free(g);
  throw_if_status(env, st);
  return result;
}

Napi::Value SimdTarget(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), cdd_simd_target()); }

Napi::Value SetSimdTarget(const Napi::CallbackInfo& info) {
  std::string name = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  throw_if_status(info.Env(), cdd_simd_set_target(name.c_str()));
  return info.Env().Undefined();
}

Napi::Value Version(const Napi::CallbackInfo& info) {
  auto o = Napi::Object::New(info.Env());
  o.Set("library", cdd_version_string());
  o.Set("abi", cdd_abi_version());
  o.Set("format", cdd_format_version());
  return o;
}

// flock(fd) -> true when taken, false when another holder has it (the core's writer lock).
Napi::Value Flock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
#ifdef _WIN32
  throw cdd_error(env, CDD_E_UNSUPPORTED, "flock is not available on Windows");
#else
  int fd = i32_arg(info[0], "fd");
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) return Napi::Boolean::New(env, false);
    throw cdd_error(env, CDD_E_IO, std::string("flock failed: ") + std::strerror(errno));
  }
  return Napi::Boolean::New(env, true);
#endif
}

Napi::Value Funlock(const Napi::CallbackInfo& info) {
#ifndef _WIN32
  ::flock(i32_arg(info[0], "fd"), LOCK_UN);
#endif
  return info.Env().Undefined();
}

}  // namespace

void register_core_calls(Napi::Env env, Napi::Object exports) {
  exports.Set("CoreReader", CoreReader::Define(env));
  exports.Set("CoreWriter", CoreWriter::Define(env));
  exports.Set("verifyFile", Napi::Function::New(env, VerifyFile, "verifyFile"));
  exports.Set("generate", Napi::Function::New(env, Generate, "generate"));
  exports.Set("simdTarget", Napi::Function::New(env, SimdTarget, "simdTarget"));
  exports.Set("setSimdTarget", Napi::Function::New(env, SetSimdTarget, "setSimdTarget"));
  exports.Set("version", Napi::Function::New(env, Version, "version"));
  exports.Set("flock", Napi::Function::New(env, Flock, "flock"));
  exports.Set("funlock", Napi::Function::New(env, Funlock, "funlock"));
}

}  // namespace cdd_node
