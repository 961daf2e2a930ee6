// codec_calls.cpp — encode/decode chunk payloads with the core's registered codecs (codec/codec.hpp
// find_codec); a batch decodes many chunks into one output buffer in parallel, on the calling thread or
// in a Napi::AsyncWorker off the main thread.
#include "codec_calls.hpp"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "args.hpp"
#include "codec/codec.hpp"
#include "core/dtype.hpp"
#include "core/hash.hpp"
#include "errors.hpp"
#include "io/codec_presets.hpp"
#include "parallel/parallel.hpp"

namespace cdd_node {
namespace {

cdd::Result<const cdd::Codec*> codec_for(uint16_t type) {
  const cdd::Codec* c = cdd::find_codec(type);
  if (c == nullptr) return cdd::make_error(CDD_E_UNSUPPORTED, "unknown chunk type " + std::to_string(type));
  return c;
}

cdd::Result<cdd::ChunkDesc> make_desc(uint16_t dtype, uint64_t flags, uint64_t rows, const std::vector<uint32_t>& shape) {
  const size_t elem = cdd::dtype_bytes(dtype);
  if (elem == 0) return cdd::make_error(CDD_E_UNSUPPORTED, "unknown dtype " + std::to_string(dtype));
  cdd::ChunkDesc d;
  d.dtype = dtype;
  d.flags = flags;
  d.rows = rows;
  d.row_shape = std::span<const uint32_t>(shape);
  d.elem_size = elem;
  d.row_elems = 1;
  for (uint32_t s : shape) d.row_elems *= s;
  return d;
}

// The arguments a single-chunk call starts with — (type, dtype, flags, rows, rowShape, ...) — parsed and
// checked by the codec. `desc.row_shape` points into `shape`: a ChunkCall is built in place, never copied.
struct ChunkCall {
  const cdd::Codec* codec = nullptr;
  std::vector<uint32_t> shape;
  cdd::ChunkDesc desc;

  ChunkCall(const ChunkCall&) = delete;
  ChunkCall& operator=(const ChunkCall&) = delete;
  explicit ChunkCall(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto type = static_cast<uint16_t>(u64_arg(info[0], "type"));
    auto dtype = static_cast<uint16_t>(u64_arg(info[1], "dtype"));
    uint64_t flags = u64_arg(info[2], "flags");
    uint64_t rows = u64_arg(info[3], "rows");
    shape = shape_arg(info[4], "rowShape");
    codec = unwrap(env, codec_for(type));
    desc = unwrap(env, make_desc(dtype, flags, rows, shape));
    throw_if_error(env, codec->check(dtype, desc.row_shape, flags));
  }

  // Throws unless `bytes` holds exactly the decoded chunk.
  void expect_decoded_size(Napi::Env env, size_t bytes, const char* what) const {
    if (bytes != desc.decoded_bytes()) {
      throw invalid_argument(env, std::string(what) + " of " + std::to_string(bytes) + " bytes, expected " +
                                      std::to_string(desc.decoded_bytes()));
    }
  }
};

// encode(type, dtype, flags, rows, rowShape, level, input, codecParams?) -> Uint8Array payload
Napi::Value Encode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ChunkCall call(info);
  int32_t level = i32_arg(info[5], "level");
  auto in = bytes_arg(info[6], "input");
  if (info.Length() > 7 && !info[7].IsUndefined() && !info[7].IsNull()) {
    call.desc.codec_params = bytes_arg(info[7], "codecParams");  // the array's metadata tag 10 (spec/CODECS.md)
  }
  call.expect_decoded_size(env, in.size(), "input");
  std::vector<std::byte> out;
  throw_if_error(env, call.codec->encode(call.desc, in, level, out));
  auto buf = Napi::Uint8Array::New(env, out.size());
  if (!out.empty()) std::memcpy(buf.Data(), out.data(), out.size());
  return buf;
}

// check(type, dtype, rowShape, flags): the codec's own check of a dtype/row shape/flags combination.
Napi::Value Check(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto type = static_cast<uint16_t>(u64_arg(info[0], "type"));
  auto dtype = static_cast<uint16_t>(u64_arg(info[1], "dtype"));
  std::vector<uint32_t> shape = shape_arg(info[2], "rowShape");
  uint64_t flags = u64_arg(info[3], "flags");
  const cdd::Codec* codec = unwrap(env, codec_for(type));
  throw_if_error(env, codec->check(dtype, shape, flags));
  return env.Undefined();
}

// decode(type, dtype, flags, rows, rowShape, payload, out)
Napi::Value Decode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ChunkCall call(info);
  auto payload = bytes_arg(info[5], "payload");
  auto out = bytes_arg(info[6], "out");
  call.expect_decoded_size(env, out.size(), "output");
  throw_if_error(env, call.codec->decode(call.desc, payload, out));
  return env.Undefined();
}

struct Job {
  uint16_t type = 0;
  uint64_t flags = 0;
  uint64_t rows = 0;
  std::span<const std::byte> payload;
  std::span<std::byte> out;
};

// Everything a batch needs, detached from JS values so it can run on any thread.
struct Batch {
  uint16_t dtype = 0;
  std::vector<uint32_t> shape;
  std::vector<Job> jobs;
  unsigned threads = 0;
  std::vector<cdd::Error> errors;  // one slot per job; code CDD_OK = none
  std::vector<bool> failed;

  void run_one(size_t i) noexcept {
    const Job& j = jobs[i];
    cdd::Status st = [&]() -> cdd::Status {
      CDD_ASSIGN_OR_RETURN(const cdd::Codec* c, codec_for(j.type));
      CDD_ASSIGN_OR_RETURN(cdd::ChunkDesc d, make_desc(dtype, j.flags, j.rows, shape));
      CDD_FORWARD_IF_ERROR(c->check(dtype, d.row_shape, j.flags));
      CDD_RETURN_ERROR_IF(j.out.size() != d.decoded_bytes(), CDD_E_INVALID_ARGUMENT,
                          "batch job " + std::to_string(i) + ": output of " + std::to_string(j.out.size()) +
                              " bytes, expected " + std::to_string(d.decoded_bytes()));
      return c->decode(d, j.payload, j.out);
    }();
    if (!st) {
      failed[i] = true;
      errors[i] = st.error();
    }
  }

  void run() noexcept {
    errors.assign(jobs.size(), cdd::Error{CDD_OK, {}});
    failed.assign(jobs.size(), false);
    if (jobs.size() == 1) {
      run_one(0);
      return;
    }
    cdd::parallel_for(
        jobs.size(), threads, [](void* ctx, size_t i) { static_cast<Batch*>(ctx)->run_one(i); }, this);
  }

  // The first failing job's error, prefixed with its index.
  const cdd::Error* first_error(size_t* index) const {
    for (size_t i = 0; i < jobs.size(); i++) {
      if (failed[i]) {
        *index = i;
        return &errors[i];
      }
    }
    return nullptr;
  }
};

// decodeBatch(dtype, rowShape, types: Uint16Array, flags: BigUint64Array, rows: Float64Array,
//             payloads: Uint8Array[], outs: Uint8Array[], threads)
std::unique_ptr<Batch> parse_batch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto b = std::make_unique<Batch>();
  b->dtype = static_cast<uint16_t>(u64_arg(info[0], "dtype"));
  b->shape = shape_arg(info[1], "rowShape");
  if (!info[2].IsTypedArray() || info[2].As<Napi::TypedArray>().TypedArrayType() != napi_uint16_array) {
    throw invalid_argument(env, "types must be a Uint16Array");
  }
  if (!info[3].IsTypedArray() || info[3].As<Napi::TypedArray>().TypedArrayType() != napi_biguint64_array) {
    throw invalid_argument(env, "flags must be a BigUint64Array");
  }
  auto types = info[2].As<Napi::Uint16Array>();
  auto flags = info[3].As<Napi::TypedArrayOf<uint64_t>>();
  auto rows = info[4].As<Napi::Float64Array>();
  if (!info[5].IsArray()) throw invalid_argument(env, "payloads must be an array");
  auto payloads = info[5].As<Napi::Array>();
  if (!info[6].IsArray()) throw invalid_argument(env, "outs must be an array");
  auto outs = info[6].As<Napi::Array>();
  if (!info[4].IsTypedArray() || info[4].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    throw invalid_argument(env, "rows must be a Float64Array");
  }
  const size_t n = types.ElementLength();
  if (flags.ElementLength() != n || rows.ElementLength() != n || payloads.Length() != n || outs.Length() != n) {
    throw invalid_argument(env, "batch arrays differ in length");
  }
  b->threads = static_cast<unsigned>(u64_arg(info[7], "threads"));
  b->jobs.resize(n);
  for (size_t i = 0; i < n; i++) {
    Job& j = b->jobs[i];
    j.type = types[i];
    j.flags = flags[i];
    j.rows = static_cast<uint64_t>(rows[i]);
    j.payload = bytes_arg(payloads.Get(static_cast<uint32_t>(i)), "payload");
    j.out = bytes_arg(outs.Get(static_cast<uint32_t>(i)), "out");
  }
  return b;
}

// The first failing job's error, with its index as `cddJob` (the wrapper names the chunk from it).
Napi::Error batch_error(Napi::Env env, const cdd::Error& e, size_t job) {
  Napi::Error err = cdd_error(env, e.code, e.message);
  err.Set("cddJob", Napi::Number::New(env, static_cast<double>(job)));
  return err;
}

void throw_batch_error(Napi::Env env, const Batch& b) {
  size_t i = 0;
  if (const cdd::Error* e = b.first_error(&i)) throw batch_error(env, *e, i);
}

Napi::Value DecodeBatch(const Napi::CallbackInfo& info) {
  auto b = parse_batch(info);
  b->run();
  throw_batch_error(info.Env(), *b);
  return info.Env().Undefined();
}

class BatchWorker : public Napi::AsyncWorker {
 public:
  BatchWorker(Napi::Env env, std::unique_ptr<Batch> batch, const Napi::CallbackInfo& info)
      : Napi::AsyncWorker(env, "cdd.decodeBatch"), batch_(std::move(batch)), deferred_(Napi::Promise::Deferred::New(env)) {
    // Keep every buffer the batch points into alive until the work is done.
    // (copies of the arrays: the caller may change its own arrays while the work runs).
    Napi::Array payloads = info[5].As<Napi::Array>();
    Napi::Array outs = info[6].As<Napi::Array>();
    Napi::Array keep = Napi::Array::New(env, 2 * payloads.Length());
    for (uint32_t i = 0; i < payloads.Length(); i++) {
      keep.Set(2 * i, payloads.Get(i));
      keep.Set(2 * i + 1, outs.Get(i));
    }
    keep_ = Napi::Persistent(keep);
  }
  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  void Execute() override { batch_->run(); }
  void OnOK() override {
    size_t i = 0;
    if (const cdd::Error* e = batch_->first_error(&i)) {
      deferred_.Reject(batch_error(Env(), *e, i).Value());
    } else {
      deferred_.Resolve(Env().Undefined());
    }
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  std::unique_ptr<Batch> batch_;
  Napi::Promise::Deferred deferred_;
  Napi::Reference<Napi::Array> keep_;
};

Napi::Value DecodeBatchAsync(const Napi::CallbackInfo& info) {
  auto b = parse_batch(info);
  auto* w = new BatchWorker(info.Env(), std::move(b), info);
  Napi::Promise p = w->promise();
  w->Queue();
  return p;
}

// hash128(parts: Uint8Array[]) -> Uint8Array(16)
Napi::Value Hash128(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw invalid_argument(env, "parts must be an array");
  auto parts = info[0].As<Napi::Array>();
  cdd::Hasher128 h;
  for (uint32_t i = 0; i < parts.Length(); i++) h.update(bytes_arg(parts.Get(i), "part"));
  cdd::Hash128 d = h.finish();
  auto out = Napi::Uint8Array::New(env, d.size());
  std::memcpy(out.Data(), d.data(), d.size());
  return out;
}

// codecInfo(type) -> name or undefined
Napi::Value CodecName(const Napi::CallbackInfo& info) {
  const cdd::Codec* c = cdd::find_codec(static_cast<uint16_t>(u64_arg(info[0], "type")));
  if (c == nullptr) return info.Env().Undefined();
  return Napi::String::New(info.Env(), std::string(c->name()));
}

// codecPreset(type) -> { codecFlags, level, chunkTargetBytes, codecParams } or undefined: the writer
// settings the chunk type starts from (cdd_writer_options_set_codec).
Napi::Value CodecPreset(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const cdd::CodecPreset* p = cdd::codec_preset(static_cast<uint16_t>(u64_arg(info[0], "type")));
  if (p == nullptr) return env.Undefined();
  Napi::Object o = Napi::Object::New(env);
  o.Set("codecFlags", Napi::BigInt::New(env, p->codec_flags));
  o.Set("level", Napi::Number::New(env, p->level));
  o.Set("chunkTargetBytes", Napi::Number::New(env, p->chunk_target_bytes));
  auto params = Napi::Uint8Array::New(env, p->codec_params.size());
  if (!p->codec_params.empty()) std::memcpy(params.Data(), p->codec_params.data(), p->codec_params.size());
  o.Set("codecParams", params);
  return o;
}

}  // namespace

void register_codec_calls(Napi::Env env, Napi::Object exports) {
  exports.Set("encode", Napi::Function::New(env, Encode, "encode"));
  exports.Set("decode", Napi::Function::New(env, Decode, "decode"));
  exports.Set("check", Napi::Function::New(env, Check, "check"));
  exports.Set("decodeBatch", Napi::Function::New(env, DecodeBatch, "decodeBatch"));
  exports.Set("decodeBatchAsync", Napi::Function::New(env, DecodeBatchAsync, "decodeBatchAsync"));
  exports.Set("hash128", Napi::Function::New(env, Hash128, "hash128"));
  exports.Set("codecName", Napi::Function::New(env, CodecName, "codecName"));
  exports.Set("codecPreset", Napi::Function::New(env, CodecPreset, "codecPreset"));
}

}  // namespace cdd_node
