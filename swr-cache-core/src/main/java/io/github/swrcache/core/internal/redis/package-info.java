/**
 * The shared tier on Redis through Lettuce: entries in a versioned envelope, fenced
 * distributed locks in Lua, and the invalidation bus on pub/sub. Internal: may change
 * without notice.
 */
@NullMarked
package io.github.swrcache.core.internal.redis;

import org.jspecify.annotations.NullMarked;
