/**
 * How cached values become bytes for the shared tier and back.
 * {@link io.github.swrcache.core.codec.ValueCodecFactory#defaults()} gives a codec bound
 * to each cache's declared value type: JSON for objects, UTF-8 for strings, the bytes
 * themselves for {@code byte[]}. No Java serialization, no class names in the stored
 * bytes.
 */
@NullMarked
package io.github.swrcache.core.codec;

import org.jspecify.annotations.NullMarked;
