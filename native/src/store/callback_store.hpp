// callback_store.hpp — a Store whose bytes the caller keeps: every read, write, size, truncate and sync is
// a call of the caller's functions (cdd_store_callbacks of cdd.h). How Python, Node or C# plug their own
// storage in, and how their tests inject I/O errors (EIO, ENOSPC, short reads) into the real read and
// write paths.
#pragma once

#include <memory>
#include <string>

#include "cdd/cdd.h"
#include "store/store.hpp"

namespace cdd {

// Checks the callbacks (size and read_at are required; write_at, truncate and sync come together or not at
// all) and wraps them. `name` is what error messages call the store ("<callbacks>" when empty). The
// store calls callbacks->release(ctx), when set, once, when the last reference to it goes.
Result<std::shared_ptr<Store>> new_callback_store(const cdd_store_callbacks& callbacks, std::string name);

// Records the message of the failing callback running on this thread (cdd_store_callback_message).
void set_callback_message(const char* message);

}  // namespace cdd
